import type { MailMessage } from '@trivance/shared';
import type { ManagementEventPayloads } from '../outbox/management-events.js';
import { formatMoney } from '../common/money-text.js';
import { escapeHtml } from './mail-text.js';

type Refund = ManagementEventPayloads['donation.refunded'];

/**
 * To the donor when money went back on a gift (a refund or the provider's
 * reversal): how much, on which receipt, and whether anything of the gift
 * remains. Like the receipt, only our words and the organization's: no name
 * or reason anybody typed.
 */
export function donationRefunded(refund: Refund): MailMessage {
  const amount = formatMoney(refund.amount, refund.currency);
  const receipt = refund.receiptNumber === null ? '' : ` (recibo N.º ${refund.receiptNumber})`;
  const lines = [
    'Hola,',
    `${refund.organizationName} te devolvió ${amount} de tu donación a «${refund.campaignTitle}»${receipt}.`,
    refund.fully
      ? 'La donación quedó devuelta por completo.'
      : 'El resto de tu donación sigue vigente.',
    'El dinero puede tardar unos días en verse en tu medio de pago.',
  ];
  return {
    to: refund.donorEmail,
    subject: `Devolución de tu donación a ${refund.campaignTitle}`,
    text: [lines[0], '', ...lines.slice(1)].join('\n'),
    html: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n'),
  };
}
