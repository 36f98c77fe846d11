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

type Refund = ManagementEventPayloads['donation.refunded'];

const WORDS = {
  es: {
    subject: (refund: Refund) =>
      `Devolución de tu donación a ${refund.campaignTitle} de ${refund.organizationName}`,
    hello: 'Hola,',
    receipt: (number: number) => ` (recibo N.º ${number})`,
    returned: (refund: Refund, amount: string, receipt: string) =>
      `${refund.organizationName} te devolvió ${amount} de tu donación a «${refund.campaignTitle}»${receipt}.`,
    fully: 'La donación quedó devuelta por completo.',
    partly: 'El resto de tu donación sigue vigente.',
    delay: 'El dinero puede tardar unos días en verse en tu medio de pago.',
  },
  en: {
    subject: (refund: Refund) =>
      `${refund.organizationName} refunded your donation to ${refund.campaignTitle}`,
    hello: 'Hello,',
    receipt: (number: number) => ` (receipt No. ${number})`,
    returned: (refund: Refund, amount: string, receipt: string) =>
      `${refund.organizationName} refunded ${amount} of your donation to “${refund.campaignTitle}”${receipt}.`,
    fully: 'The donation was refunded in full.',
    partly: 'The rest of your donation stands.',
    delay: 'The money may take a few days to show on your payment method.',
  },
};

/**
 * To the donor when money went back on a gift (a refund or the provider's
 * reversal): how much, on which receipt, and whether anything of the gift
 * remains, in the donor's language. Like the receipt, only our words and the
 * organization's: no name or reason anybody typed.
 */
export function donationRefunded(
  refund: Refund,
  locale: MailLocale = DEFAULT_MAIL_LOCALE,
): MailMessage {
  const words = wordsFor(WORDS, locale);
  const amount = formatMoney(refund.amount, refund.currency, INTL_LOCALE[locale]);
  const receipt = refund.receiptNumber === null ? '' : words.receipt(refund.receiptNumber);
  const lines = [
    words.hello,
    words.returned(refund, amount, receipt),
    refund.fully ? words.fully : words.partly,
    words.delay,
  ];
  return {
    to: refund.donorEmail,
    subject: words.subject(refund),
    text: [lines[0], '', ...lines.slice(1)].join('\n'),
    html: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n'),
  };
}
