import type { MailMessage } from '@trivance/shared';
import type { ManagementEventPayloads } from '../outbox/management-events.js';
import { formatMoney } from '../common/money-text.js';
import {
  DEFAULT_MAIL_LOCALE,
  escapeHtml,
  INTL_LOCALE,
  type MailLocale,
  wordsFor,
} from './mail-text.js';

type Receipt = ManagementEventPayloads['donation.succeeded'];

/** Organizations have no time zone of their own yet; their donors are in Colombia. */
export const DONATION_TIME_ZONE = 'America/Bogota';

/** A day as donors in Colombia read it: `3 de diciembre de 2026`, `December 3, 2026`. */
export function donationDay(iso: string, locale: MailLocale = DEFAULT_MAIL_LOCALE): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    dateStyle: 'long',
    timeZone: DONATION_TIME_ZONE,
  }).format(new Date(iso));
}

const WORDS = {
  es: {
    subject: (receipt: Receipt) =>
      `Recibo N.º ${receipt.receiptNumber} de tu donación a ${receipt.campaignTitle} de ${receipt.organizationName}`,
    hello: 'Hola,',
    thanks: (campaign: string, organization: string) =>
      `Gracias por tu donación a ${campaign} de ${organization}. Este es tu recibo.`,
    quoted: (title: string) => `«${title}»`,
    entity: 'Entidad',
    taxId: 'Identificación tributaria (NIT)',
    number: 'Recibo N.º',
    date: 'Fecha',
    gift: (monthly: boolean): string => (monthly ? 'Donación (cuota mensual)' : 'Donación'),
    fee: 'Comisión que cubriste',
    total: 'Total pagado',
    certificate:
      'Con una cuenta de Trivance verificada con este correo puedes descargar en la aplicación tu certificado anual de donaciones.',
  },
  en: {
    subject: (receipt: Receipt) =>
      `Receipt No. ${receipt.receiptNumber} from ${receipt.organizationName} for your donation to ${receipt.campaignTitle}`,
    hello: 'Hello,',
    thanks: (campaign: string, organization: string) =>
      `Thank you for your donation to ${campaign} by ${organization}. This is your receipt.`,
    quoted: (title: string) => `“${title}”`,
    entity: 'Organization',
    taxId: 'Tax ID (NIT)',
    number: 'Receipt No.',
    date: 'Date',
    gift: (monthly: boolean): string => (monthly ? 'Donation (monthly installment)' : 'Donation'),
    fee: 'Fee you covered',
    total: 'Total paid',
    certificate:
      'With a Trivance account verified with this email address you can download your yearly donation certificate in the app.',
  },
};

/**
 * The donor's receipt for a gift that succeeded: the organization (its legal
 * name and tax id when it has them), the campaign, the receipt number, the
 * gift, the fee the donor covered and what was charged, and the day; in the
 * donor's language (Spanish for a guest).
 *
 * A guest's address is one nobody verified: whoever gave may have typed
 * someone else's. So the mail carries only our words and the organization's
 * (never a name, tax id, message or tribute the requester typed), and it goes
 * out only once the payment succeeded.
 */
export function donationReceipt(
  receipt: Receipt,
  locale: MailLocale = DEFAULT_MAIL_LOCALE,
): MailMessage {
  const words = wordsFor(WORDS, locale);
  const money = (amount: string) => formatMoney(amount, receipt.currency, INTL_LOCALE[locale]);
  const entity = [
    `${words.entity}: ${receipt.organizationLegalName ?? receipt.organizationName}`,
    ...(receipt.organizationTaxId ? [`${words.taxId}: ${receipt.organizationTaxId}`] : []),
  ];
  const facts: [string, string][] = [
    [words.number, String(receipt.receiptNumber)],
    [words.date, donationDay(receipt.succeededAt, locale)],
    [words.gift(receipt.frequency === 'MONTHLY'), money(receipt.amount)],
    [words.fee, money(receipt.fee)],
    [words.total, money(receipt.total)],
  ];
  const text = [
    words.hello,
    '',
    words.thanks(words.quoted(receipt.campaignTitle), receipt.organizationName),
    '',
    ...facts.map(([label, value]) => `${label}: ${value}`),
    '',
    ...entity,
    '',
    words.certificate,
  ].join('\n');
  const html = `<p>${words.hello}</p>
<p>${words.thanks(`<strong>${escapeHtml(receipt.campaignTitle)}</strong>`, escapeHtml(receipt.organizationName))}</p>
<table>${facts
    .map(
      ([label, value]) =>
        `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
    )
    .join('')}</table>
<p>${entity.map(escapeHtml).join('<br>')}</p>
<p>${escapeHtml(words.certificate)}</p>`;
  return {
    to: receipt.donorEmail,
    subject: words.subject(receipt),
    text,
    html,
  };
}
