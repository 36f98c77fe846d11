import type { MailMessage } from '@trivance/shared';
import type { ManagementEventPayloads } from '../outbox/management-events.js';
import {
  DEFAULT_MAIL_LOCALE,
  escapeHtml,
  localTime,
  type MailLocale,
  wordsFor,
} from './mail-text.js';

type Offer = ManagementEventPayloads['waitlist.offered'];

const WORDS = {
  es: {
    subject: (offer: Offer) =>
      `Tu turno: entradas para ${offer.eventTitle} de ${offer.organizationName}`,
    hello: (name: string) => `Hola ${name},`,
    seats: (quantity: number) => (quantity === 1 ? '1 entrada' : `${quantity} entradas`),
    freed: (event: string, organization: string, seats: string, type: string) =>
      `Se liberaron entradas para ${event} de ${organization}: te guardamos ${seats} (${type}).`,
    quoted: (title: string) => `«${title}»`,
    when: 'Cuándo',
    buy: (until: string) =>
      `Cómpralas en la aplicación antes del ${until}; después pasan a la siguiente persona en la lista.`,
  },
  en: {
    subject: (offer: Offer) =>
      `Your turn: tickets for ${offer.eventTitle} by ${offer.organizationName}`,
    hello: (name: string) => `Hello ${name},`,
    seats: (quantity: number) => (quantity === 1 ? '1 ticket' : `${quantity} tickets`),
    freed: (event: string, organization: string, seats: string, type: string) =>
      `Tickets became available for ${event} by ${organization}: we are holding ${seats} (${type}) for you.`,
    quoted: (title: string) => `“${title}”`,
    when: 'When',
    buy: (until: string) =>
      `Buy them in the app before ${until}; after that they go to the next person on the list.`,
  },
};

/** To the person whose turn came on a waiting list: what is held for them, and until when. */
export function waitlistOffer(offer: Offer, locale: MailLocale = DEFAULT_MAIL_LOCALE): MailMessage {
  const words = wordsFor(WORDS, locale);
  const when = localTime(offer.startsAt, offer.timezone, locale);
  const until = localTime(offer.offeredUntil, offer.timezone, locale);
  const seats = words.seats(offer.quantity);
  const text = [
    words.hello(offer.name),
    '',
    words.freed(
      words.quoted(offer.eventTitle),
      offer.organizationName,
      seats,
      offer.ticketTypeName,
    ),
    `${words.when}: ${when}`,
    '',
    words.buy(until),
  ].join('\n');
  const html = `<p>${escapeHtml(words.hello(offer.name))}</p>
<p>${words.freed(
    `<strong>${escapeHtml(offer.eventTitle)}</strong>`,
    escapeHtml(offer.organizationName),
    escapeHtml(seats),
    escapeHtml(offer.ticketTypeName),
  )}</p>
<p>${words.when}: ${escapeHtml(when)}</p>
<p>${words.buy(`<strong>${escapeHtml(until)}</strong>`)}</p>`;
  return {
    to: offer.email,
    subject: words.subject(offer),
    text,
    html,
  };
}
