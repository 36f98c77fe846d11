import type { MailMessage } from '@trivance/shared';
import type { ManagementEventPayloads } from '../outbox/management-events.js';
import { formatMoney } from '../common/money-text.js';
import {
  DEFAULT_MAIL_LOCALE,
  escapeHtml,
  INTL_LOCALE,
  localTime,
  type MailLocale,
  wordsFor,
} from './mail-text.js';

export interface TicketQr {
  ticketId: string;
  /** PNG image of the ticket's signed QR payload, base64. */
  png: string;
}

type Order = ManagementEventPayloads['order.paid'];
type Transfer = ManagementEventPayloads['ticket.transferred'];

const WORDS = {
  es: {
    free: 'Gratis',
    hello: (name: string) => `Hola ${name},`,
    helloAnyone: 'Hola,',
    subjectPaid: (order: Order) =>
      `Tus entradas para ${order.eventTitle} de ${order.organizationName}`,
    subjectReissued: (order: Order) =>
      `Nuevas entradas para ${order.eventTitle} de ${order.organizationName}`,
    confirmed: (event: string, organization: string) =>
      `Tu pedido para ${event} de ${organization} está confirmado.`,
    reissued: (event: string, organization: string) =>
      `${event} de ${organization} cambió de fecha: tus entradas tienen códigos nuevos y los anteriores ya no sirven.`,
    quoted: (title: string) => `«${title}»`,
    when: 'Cuándo',
    where: 'Dónde',
    total: 'Total',
    ticketsHeading: 'Tus entradas (muestra el código en la puerta):',
    code: 'código',
    codeLabel: 'Código',
    ticketCode: 'Código de la entrada',
    qrOf: (code: string) => `Código QR de la entrada ${code}`,
    qr: 'Código QR de la entrada',
    order: (id: string) => `Pedido ${id}`,
    file: (ticketId: string) => `entrada-${ticketId}.png`,
    subjectReceived: (ticket: Transfer) =>
      `Recibiste una entrada para ${ticket.eventTitle} de ${ticket.organizationName}`,
    received: (type: string, event: string, organization: string) =>
      `Recibiste una entrada (${type}) para ${event} de ${organization}.`,
    signIn: 'Verás la entrada en la aplicación cuando inicies sesión con este correo.',
  },
  en: {
    free: 'Free',
    hello: (name: string) => `Hello ${name},`,
    helloAnyone: 'Hello,',
    subjectPaid: (order: Order) =>
      `Your tickets for ${order.eventTitle} by ${order.organizationName}`,
    subjectReissued: (order: Order) =>
      `New tickets for ${order.eventTitle} by ${order.organizationName}`,
    confirmed: (event: string, organization: string) =>
      `Your order for ${event} by ${organization} is confirmed.`,
    reissued: (event: string, organization: string) =>
      `${event} by ${organization} changed its date: your tickets have new codes and the old ones no longer work.`,
    quoted: (title: string) => `“${title}”`,
    when: 'When',
    where: 'Where',
    total: 'Total',
    ticketsHeading: 'Your tickets (show the code at the door):',
    code: 'code',
    codeLabel: 'Code',
    ticketCode: 'Ticket code',
    qrOf: (code: string) => `QR code of ticket ${code}`,
    qr: 'QR code of the ticket',
    order: (id: string) => `Order ${id}`,
    file: (ticketId: string) => `ticket-${ticketId}.png`,
    subjectReceived: (ticket: Transfer) =>
      `You received a ticket for ${ticket.eventTitle} by ${ticket.organizationName}`,
    received: (type: string, event: string, organization: string) =>
      `You received a ticket (${type}) for ${event} by ${organization}.`,
    signIn: 'You will see the ticket in the app when you sign in with this email address.',
  },
};

const qrAttachment = (qr: TicketQr, filename: string) => ({
  filename,
  content: qr.png,
  encoding: 'base64' as const,
  cid: `ticket-${qr.ticketId}`,
  contentType: 'image/png',
});

/** The buyer's confirmation with every ticket's code and QR image, in the buyer's language. */
export function orderConfirmation(
  order: Order,
  qrs: TicketQr[] = [],
  occasion: 'paid' | 'reissued' = 'paid',
  locale: MailLocale = DEFAULT_MAIL_LOCALE,
): MailMessage {
  const words = wordsFor(WORDS, locale);
  const reissued = occasion === 'reissued';
  const when = localTime(order.startsAt, order.timezone, locale);
  const total =
    BigInt(order.total) === 0n
      ? words.free
      : formatMoney(order.total, order.currency, INTL_LOCALE[locale]);
  const opening = reissued ? words.reissued : words.confirmed;
  const lines = order.tickets.map(
    (ticket) => `- ${ticket.ticketTypeName} · ${ticket.holderName} · ${words.code} ${ticket.code}`,
  );
  const text = [
    words.hello(order.buyerName),
    '',
    opening(words.quoted(order.eventTitle), order.organizationName),
    `${words.when}: ${when}`,
    ...(order.venue ? [`${words.where}: ${order.venue}`] : []),
    `${words.total}: ${total}`,
    '',
    words.ticketsHeading,
    ...lines,
    '',
    words.order(order.orderId),
  ].join('\n');
  const html = `<p>${escapeHtml(words.hello(order.buyerName))}</p>
<p>${opening(`<strong>${escapeHtml(order.eventTitle)}</strong>`, escapeHtml(order.organizationName))}</p>
<p>${words.when}: ${escapeHtml(when)}${order.venue ? `<br>${words.where}: ${escapeHtml(order.venue)}` : ''}<br>${words.total}: ${escapeHtml(total)}</p>
<ul>${order.tickets
    .map(
      (ticket) =>
        `<li>${escapeHtml(ticket.ticketTypeName)} · ${escapeHtml(ticket.holderName)} · ${words.code} <code>${escapeHtml(ticket.code)}</code>` +
        (qrs.some((qr) => qr.ticketId === ticket.id)
          ? `<br><img src="cid:ticket-${escapeHtml(ticket.id)}" alt="${escapeHtml(words.qrOf(ticket.code))}" width="240" height="240">`
          : '') +
        '</li>',
    )
    .join('')}</ul>
<p>${escapeHtml(words.order(order.orderId))}</p>`;
  return {
    to: order.buyerEmail,
    subject: reissued ? words.subjectReissued(order) : words.subjectPaid(order),
    text,
    html,
    attachments: qrs.map((qr) => qrAttachment(qr, words.file(qr.ticketId))),
  };
}

/**
 * To someone who was given a ticket: only our words (no name or message the
 * giver typed), with the ticket's code and QR image, in the recipient's
 * language when they have an account (Spanish otherwise).
 */
export function ticketReceived(
  ticket: Transfer,
  qr: TicketQr,
  locale: MailLocale = DEFAULT_MAIL_LOCALE,
): MailMessage {
  const words = wordsFor(WORDS, locale);
  const when = localTime(ticket.startsAt, ticket.timezone, locale);
  const text = [
    words.helloAnyone,
    '',
    words.received(ticket.ticketTypeName, words.quoted(ticket.eventTitle), ticket.organizationName),
    `${words.when}: ${when}`,
    `${words.ticketCode}: ${ticket.code}`,
    '',
    words.signIn,
  ].join('\n');
  const html = `<p>${words.helloAnyone}</p>
<p>${words.received(
    escapeHtml(ticket.ticketTypeName),
    `<strong>${escapeHtml(ticket.eventTitle)}</strong>`,
    escapeHtml(ticket.organizationName),
  )}</p>
<p>${words.when}: ${escapeHtml(when)}<br>${words.codeLabel}: <code>${escapeHtml(ticket.code)}</code></p>
<p><img src="cid:ticket-${escapeHtml(qr.ticketId)}" alt="${escapeHtml(words.qr)}" width="240" height="240"></p>`;
  return {
    to: ticket.toEmail,
    subject: words.subjectReceived(ticket),
    text,
    html,
    attachments: [qrAttachment(qr, words.file(qr.ticketId))],
  };
}
