import type { MailMessage } from '@trivance/shared';
import type { ManagementEventPayloads } from '../outbox/management-events.js';
import { escapeHtml, localTime } from './mail-text.js';

/** To the person whose turn came on a waiting list: what is held for them, and until when. */
export function waitlistOffer(offer: ManagementEventPayloads['waitlist.offered']): MailMessage {
  const when = localTime(offer.startsAt, offer.timezone);
  const until = localTime(offer.offeredUntil, offer.timezone);
  const seats = offer.quantity === 1 ? '1 entrada' : `${offer.quantity} entradas`;
  const text = [
    `Hola ${offer.name},`,
    '',
    `Se liberaron entradas para «${offer.eventTitle}» de ${offer.organizationName}: te guardamos ${seats} (${offer.ticketTypeName}).`,
    `Cuándo: ${when}`,
    '',
    `Cómpralas en la aplicación antes del ${until}; después pasan a la siguiente persona en la lista.`,
  ].join('\n');
  const html = `<p>Hola ${escapeHtml(offer.name)},</p>
<p>Se liberaron entradas para <strong>${escapeHtml(offer.eventTitle)}</strong> de ${escapeHtml(offer.organizationName)}: te guardamos ${escapeHtml(seats)} (${escapeHtml(offer.ticketTypeName)}).</p>
<p>Cuándo: ${escapeHtml(when)}</p>
<p>Cómpralas en la aplicación antes del <strong>${escapeHtml(until)}</strong>; después pasan a la siguiente persona en la lista.</p>`;
  return {
    to: offer.email,
    subject: `Tu turno: entradas para ${offer.eventTitle}`,
    text,
    html,
  };
}
