import type { MailMessage } from '@trivance/shared';
import { formatMoney } from '../common/money-text.js';
import type { ManagementEventPayloads } from '../outbox/management-events.js';
import { escapeHtml } from './mail-text.js';

type Failed = ManagementEventPayloads['recurring.failed'];

/**
 * To the donor when a monthly gift stopped: every attempt at a month failed.
 * What to do next (give a new card in the app), in our words only.
 */
export function recurringFailed(failed: Failed): MailMessage {
  const amount = formatMoney(failed.amount, failed.currency);
  const lines = [
    'Hola,',
    `No pudimos cobrar tu donación mensual de ${amount} a «${failed.campaignTitle}» de ${failed.organizationName}: lo intentamos ${failed.attempts} veces y tu medio de pago no la aceptó.`,
    'Tu donación mensual quedó detenida y no volveremos a intentarlo.',
    'Si quieres seguir apoyando, puedes empezarla de nuevo desde la aplicación con otra tarjeta.',
  ];
  return {
    to: failed.donorEmail,
    subject: `Tu donación mensual a ${failed.campaignTitle} se detuvo`,
    text: [lines[0], '', ...lines.slice(1)].join('\n'),
    html: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n'),
  };
}
