import type { MailMessage } from '@trivance/shared';
import type { ManagementEventPayloads } from '../outbox/management-events.js';

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function formatAmount(amount: string, currency: string): string {
  const digits =
    new Intl.NumberFormat('es-CO', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  const value = Number(BigInt(amount)) / 10 ** digits;
  return new Intl.NumberFormat('es-CO', { style: 'currency', currency }).format(value);
}

/** The buyer's confirmation with every ticket's code (Spanish by default). */
export function orderConfirmation(order: ManagementEventPayloads['order.paid']): MailMessage {
  const when = new Intl.DateTimeFormat('es-CO', {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: order.timezone,
  }).format(new Date(order.startsAt));
  const total = BigInt(order.total) === 0n ? 'Gratis' : formatAmount(order.total, order.currency);
  const lines = order.tickets.map(
    (ticket) => `- ${ticket.ticketTypeName} · ${ticket.holderName} · código ${ticket.code}`,
  );
  const text = [
    `Hola ${order.buyerName},`,
    '',
    `Tu pedido para «${order.eventTitle}» de ${order.organizationName} está confirmado.`,
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
<p>Tu pedido para <strong>${escapeHtml(order.eventTitle)}</strong> de ${escapeHtml(order.organizationName)} está confirmado.</p>
<p>Cuándo: ${escapeHtml(when)}${order.venue ? `<br>Dónde: ${escapeHtml(order.venue)}` : ''}<br>Total: ${escapeHtml(total)}</p>
<ul>${order.tickets
    .map(
      (ticket) =>
        `<li>${escapeHtml(ticket.ticketTypeName)} · ${escapeHtml(ticket.holderName)} · código <code>${escapeHtml(ticket.code)}</code></li>`,
    )
    .join('')}</ul>
<p>Pedido ${escapeHtml(order.orderId)}</p>`;
  return {
    to: order.buyerEmail,
    subject: `Tus entradas para ${order.eventTitle}`,
    text,
    html,
  };
}
