import type { MailMessage } from '@trivance/shared';
import type { ManagementEventPayloads } from '../outbox/management-events.js';

import { escapeHtml, localTime } from './mail-text.js';
import { formatMoney } from '../common/money-text.js';

export interface TicketQr {
  ticketId: string;
  /** PNG image of the ticket's signed QR payload, base64. */
  png: string;
}

/** The buyer's confirmation with every ticket's code and QR image (Spanish by default). */
export function orderConfirmation(
  order: ManagementEventPayloads['order.paid'],
  qrs: TicketQr[] = [],
  occasion: 'paid' | 'reissued' = 'paid',
): MailMessage {
  const reissued = occasion === 'reissued';
  const when = localTime(order.startsAt, order.timezone);
  const total = BigInt(order.total) === 0n ? 'Gratis' : formatMoney(order.total, order.currency);
  const lines = order.tickets.map(
    (ticket) => `- ${ticket.ticketTypeName} · ${ticket.holderName} · código ${ticket.code}`,
  );
  const text = [
    `Hola ${order.buyerName},`,
    '',
    reissued
      ? `«${order.eventTitle}» de ${order.organizationName} cambió de fecha: tus entradas tienen códigos nuevos y los anteriores ya no sirven.`
      : `Tu pedido para «${order.eventTitle}» de ${order.organizationName} está confirmado.`,
    `Cuándo: ${when}`,
    ...(order.venue ? [`Dónde: ${order.venue}`] : []),
    `Total: ${total}`,
    '',
    'Tus entradas (muestra el código en la puerta):',
    ...lines,
    '',
    `Pedido ${order.orderId}`,
  ].join('\n');
  const html = `<p>Hola ${escapeHtml(order.buyerName)},</p>
<p>${
    reissued
      ? `<strong>${escapeHtml(order.eventTitle)}</strong> de ${escapeHtml(order.organizationName)} cambió de fecha: tus entradas tienen códigos nuevos y los anteriores ya no sirven.`
      : `Tu pedido para <strong>${escapeHtml(order.eventTitle)}</strong> de ${escapeHtml(order.organizationName)} está confirmado.`
  }</p>
<p>Cuándo: ${escapeHtml(when)}${order.venue ? `<br>Dónde: ${escapeHtml(order.venue)}` : ''}<br>Total: ${escapeHtml(total)}</p>
<ul>${order.tickets
    .map(
      (ticket) =>
        `<li>${escapeHtml(ticket.ticketTypeName)} · ${escapeHtml(ticket.holderName)} · código <code>${escapeHtml(ticket.code)}</code>` +
        (qrs.some((qr) => qr.ticketId === ticket.id)
          ? `<br><img src="cid:ticket-${escapeHtml(ticket.id)}" alt="Código QR de la entrada ${escapeHtml(ticket.code)}" width="240" height="240">`
          : '') +
        '</li>',
    )
    .join('')}</ul>
<p>Pedido ${escapeHtml(order.orderId)}</p>`;
  return {
    to: order.buyerEmail,
    subject: reissued
      ? `Nuevas entradas para ${order.eventTitle}`
      : `Tus entradas para ${order.eventTitle}`,
    text,
    html,
    attachments: qrs.map((qr) => ({
      filename: `entrada-${qr.ticketId}.png`,
      content: qr.png,
      encoding: 'base64' as const,
      cid: `ticket-${qr.ticketId}`,
      contentType: 'image/png',
    })),
  };
}

/**
 * To someone who was given a ticket: only our words (no name or message the
 * giver typed), with the ticket's code and QR image.
 */
export function ticketReceived(
  ticket: ManagementEventPayloads['ticket.transferred'],
  qr: TicketQr,
): MailMessage {
  const when = localTime(ticket.startsAt, ticket.timezone);
  const text = [
    'Hola,',
    '',
    `Recibiste una entrada (${ticket.ticketTypeName}) para «${ticket.eventTitle}» de ${ticket.organizationName}.`,
    `Cuándo: ${when}`,
    `Código de la entrada: ${ticket.code}`,
    '',
    'Verás la entrada en la aplicación cuando inicies sesión con este correo.',
  ].join('\n');
  const html = `<p>Hola,</p>
<p>Recibiste una entrada (${escapeHtml(ticket.ticketTypeName)}) para <strong>${escapeHtml(ticket.eventTitle)}</strong> de ${escapeHtml(ticket.organizationName)}.</p>
<p>Cuándo: ${escapeHtml(when)}<br>Código: <code>${escapeHtml(ticket.code)}</code></p>
<p><img src="cid:ticket-${escapeHtml(qr.ticketId)}" alt="Código QR de la entrada" width="240" height="240"></p>`;
  return {
    to: ticket.toEmail,
    subject: `Recibiste una entrada para ${ticket.eventTitle}`,
    text,
    html,
    attachments: [
      {
        filename: `entrada-${qr.ticketId}.png`,
        content: qr.png,
        encoding: 'base64',
        cid: `ticket-${qr.ticketId}`,
        contentType: 'image/png',
      },
    ],
  };
}
