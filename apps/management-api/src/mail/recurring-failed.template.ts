import type { MailMessage } from '@trivance/shared';
import { formatMoney } from '../common/money-text.js';
import type { ManagementEventPayloads } from '../outbox/management-events.js';
import {
  DEFAULT_MAIL_LOCALE,
  escapeHtml,
  INTL_LOCALE,
  type MailLocale,
  wordsFor,
} from './mail-text.js';

type Failed = ManagementEventPayloads['recurring.failed'];

const WORDS = {
  es: {
    subject: (failed: Failed) =>
      `Tu donación mensual a ${failed.campaignTitle} de ${failed.organizationName} se detuvo`,
    hello: 'Hola,',
    failed: (failed: Failed, amount: string) =>
      `No pudimos cobrar tu donación mensual de ${amount} a «${failed.campaignTitle}» de ${failed.organizationName}: lo intentamos ${failed.attempts} veces y tu medio de pago no la aceptó.`,
    stopped: 'Tu donación mensual quedó detenida y no volveremos a intentarlo.',
    again:
      'Si quieres seguir apoyando, puedes empezarla de nuevo desde la aplicación con otra tarjeta.',
  },
  en: {
    subject: (failed: Failed) =>
      `Your monthly donation to ${failed.campaignTitle} by ${failed.organizationName} stopped`,
    hello: 'Hello,',
    failed: (failed: Failed, amount: string) =>
      `We could not charge your monthly donation of ${amount} to “${failed.campaignTitle}” by ${failed.organizationName}: we tried ${failed.attempts} times and your payment method declined it.`,
    stopped: 'Your monthly donation has stopped and we will not try again.',
    again: 'If you want to keep giving, you can start it again in the app with another card.',
  },
};

/**
 * To the donor when a monthly gift stopped: every attempt at a month failed.
 * What to do next (give a new card in the app), in our words only, in the
 * donor's language.
 */
export function recurringFailed(
  failed: Failed,
  locale: MailLocale = DEFAULT_MAIL_LOCALE,
): MailMessage {
  const words = wordsFor(WORDS, locale);
  const amount = formatMoney(failed.amount, failed.currency, INTL_LOCALE[locale]);
  const lines = [words.hello, words.failed(failed, amount), words.stopped, words.again];
  return {
    to: failed.donorEmail,
    subject: words.subject(failed),
    text: [lines[0], '', ...lines.slice(1)].join('\n'),
    html: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n'),
  };
}
