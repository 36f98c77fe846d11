import type { MailMessage } from '@trivance/shared';
import type { ManagementEventPayloads } from '../outbox/management-events.js';
import { formatMoney } from '../common/money-text.js';
import { escapeHtml } from './mail-text.js';

type Receipt = ManagementEventPayloads['donation.succeeded'];

/** Organizations have no time zone of their own yet; their donors are in Colombia. */
export const DONATION_TIME_ZONE = 'America/Bogota';

/** A day as donors in Colombia read it: `3 de diciembre de 2026`. */
export function donationDay(iso: string): string {
  return new Intl.DateTimeFormat('es-CO', {
    dateStyle: 'long',
    timeZone: DONATION_TIME_ZONE,
  }).format(new Date(iso));
}

/**
 * The donor's receipt for a gift that succeeded: the organization (its legal
 * name and tax id when it has them), the campaign, the receipt number, the
 * gift, the fee the donor covered and what was charged, and the day.
 *
 * A guest's address is one nobody verified: whoever gave may have typed
 * someone else's. So the mail carries only our words and the organization's
 * (never a name, tax id, message or tribute the requester typed), and it goes
 * out only once the payment succeeded.
 */
export function donationReceipt(receipt: Receipt): MailMessage {
  const money = (amount: string) => formatMoney(amount, receipt.currency);
  const monthly = receipt.frequency === 'MONTHLY';
  const entity = [
    `Entidad: ${receipt.organizationLegalName ?? receipt.organizationName}`,
    ...(receipt.organizationTaxId
      ? [`Identificación tributaria (NIT): ${receipt.organizationTaxId}`]
      : []),
  ];
  const facts: [string, string][] = [
    ['Recibo N.º', String(receipt.receiptNumber)],
    ['Fecha', donationDay(receipt.succeededAt)],
    [monthly ? 'Donación (cuota mensual)' : 'Donación', money(receipt.amount)],
    ['Comisión que cubriste', money(receipt.fee)],
    ['Total pagado', money(receipt.total)],
  ];
  const thanks = `Gracias por tu donación a «${receipt.campaignTitle}» de ${receipt.organizationName}. Este es tu recibo.`;
  const certificate =
    'Con una cuenta de Trivance verificada con este correo puedes descargar en la aplicación tu certificado anual de donaciones.';
  const text = [
    'Hola,',
    '',
    thanks,
    '',
    ...facts.map(([label, value]) => `${label}: ${value}`),
    '',
    ...entity,
    '',
    certificate,
  ].join('\n');
  const html = `<p>Hola,</p>
<p>Gracias por tu donación a <strong>${escapeHtml(receipt.campaignTitle)}</strong> de ${escapeHtml(receipt.organizationName)}. Este es tu recibo.</p>
<table>${facts
    .map(
      ([label, value]) =>
        `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
    )
    .join('')}</table>
<p>${entity.map(escapeHtml).join('<br>')}</p>
<p>${escapeHtml(certificate)}</p>`;
  return {
    to: receipt.donorEmail,
    subject: `Recibo N.º ${receipt.receiptNumber} de tu donación a ${receipt.campaignTitle}`,
    text,
    html,
  };
}
