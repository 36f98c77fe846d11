import type { MailMessage } from '@trivance/shared';
import type {
  ManagementEventPayloads,
  PaymentSettingsRecipient,
} from '../outbox/management-events.js';
import { escapeHtml, localTime, mailLocale, wordsFor } from './mail-text.js';

type Change = ManagementEventPayloads['payment_settings.changed'];

/** Organizations have no time zone of their own yet; Wompi's merchants are in Colombia. */
const TIME_ZONE = 'America/Bogota';

const WORDS = {
  es: {
    platformActor: 'Un operador de la plataforma Trivance',
    subject: (change: Change) => `Cambiaron la cuenta de Wompi de ${change.organizationName}`,
    greeting: (name: string) => `Hola ${name},`,
    what: (change: Change, actor: string, when: string) =>
      change.connected
        ? `${actor} conectó una cuenta de Wompi propia a ${change.organizationName} el ${when} (hora de Colombia).`
        : `${actor} cambió la cuenta de Wompi de ${change.organizationName} el ${when} (hora de Colombia).`,
    key: (last4: string) => `Llave pública: termina en ${last4}.`,
    effect: (change: Change) =>
      `Desde ahora los pagos en línea de ${change.organizationName} llegan a esa cuenta de Wompi.`,
    ifNotYou:
      'Si no reconoces este cambio: entra a Trivance, cambia tu contraseña, revisa quiénes son ' +
      'administradores de la organización y vuelve a poner las llaves de tu cuenta de Wompi en la ' +
      'configuración de pagos. Después revisa en el panel de Wompi las llaves y los pagos recientes, ' +
      'y avisa al soporte de Trivance.',
    why: 'Recibes este aviso porque eres administrador de la organización.',
  },
  en: {
    platformActor: 'A Trivance platform operator',
    subject: (change: Change) => `The Wompi account of ${change.organizationName} changed`,
    greeting: (name: string) => `Hello ${name},`,
    what: (change: Change, actor: string, when: string) =>
      change.connected
        ? `${actor} connected an own Wompi account to ${change.organizationName} on ${when} (Colombia time).`
        : `${actor} changed the Wompi account of ${change.organizationName} on ${when} (Colombia time).`,
    key: (last4: string) => `Public key: ends in ${last4}.`,
    effect: (change: Change) =>
      `From now on the online payments of ${change.organizationName} go to that Wompi account.`,
    ifNotYou:
      "If you don't recognise this change: sign in to Trivance, change your password, check who " +
      "the organization's admins are and enter your own Wompi account's keys again in the payment " +
      "settings. Then check the keys and recent payments in Wompi's dashboard, and tell Trivance " +
      'support.',
    why: 'You receive this notice because you are an admin of the organization.',
  },
};

/**
 * To each admin of the organization when its own Wompi merchant is connected
 * or replaced: who, when, which public key (its last 4 characters), and what to
 * do if nobody on the team did it. Never a secret.
 */
export function paymentSettingsChanged(
  change: Change,
  recipient: PaymentSettingsRecipient,
): MailMessage {
  const locale = mailLocale(recipient.locale);
  const words = wordsFor(WORDS, locale);
  const when = localTime(change.changedAt, TIME_ZONE, locale);
  const actor = change.actorName ?? words.platformActor;
  const last4 = `…${change.wompiPublicKey.slice(-4)}`;
  const lines = [
    words.greeting(recipient.name),
    words.what(change, actor, when),
    words.key(last4),
    words.effect(change),
    words.ifNotYou,
    words.why,
  ];
  return {
    to: recipient.email,
    subject: words.subject(change),
    text: [lines[0], '', lines[1], lines[2], lines[3], '', lines[4], '', lines[5]].join('\n'),
    html: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n'),
  };
}
