import zxcvbnCore, { type ZxcvbnFactory } from '@zxcvbn-ts/core';
import zxcvbnCommon from '@zxcvbn-ts/language-common';
import zxcvbnEn from '@zxcvbn-ts/language-en';
import zxcvbnEsEs from '@zxcvbn-ts/language-es-es';

/**
 * zxcvbn's score 3 means about 10^8 guesses or more: "safely unguessable" for
 * an online attacker slowed by our rate limits, and far beyond what argon2id
 * makes affordable offline for a single account. Below it, refused.
 */
export const MIN_STRENGTH_SCORE = 3;

/**
 * The estimator is built once (its dictionaries load in about a quarter of a
 * second). Common, English and Spanish (Spain) word lists, names and
 * Wikipedia terms; l33t substitutions and the checked length are capped so
 * one estimate costs tens of milliseconds, not seconds, whatever is typed
 * (a 64-character password is strong anyway).
 */
let estimator: ZxcvbnFactory | undefined;

function zxcvbn(): ZxcvbnFactory {
  estimator ??= new zxcvbnCore.ZxcvbnFactory({
    translations: zxcvbnEn.translations,
    graphs: zxcvbnCommon.adjacencyGraphs,
    dictionary: {
      ...zxcvbnCommon.dictionary,
      ...zxcvbnEn.dictionary,
      ...zxcvbnEsEs.dictionary,
    },
    l33tMaxSubstitutions: 4,
    maxLength: 64,
  });
  return estimator;
}

/** Who the password belongs to: their own name and address make it easier to guess. */
export interface PasswordContext {
  name?: string | null;
  email?: string | null;
}

/** The words of the account's name and email that an attacker would try first. */
export function contextWords(context: PasswordContext): string[] {
  const words = new Set<string>(['trivance']);
  const email = context.email?.toLowerCase();
  if (email) {
    words.add(email);
    const [local = '', domain = ''] = email.split('@');
    for (const part of [local, ...local.split(/[._+-]/), ...domain.split('.')]) {
      if (part.length >= 3) words.add(part);
    }
  }
  for (const part of context.name?.toLowerCase().split(/\s+/) ?? []) {
    if (part.length >= 3) words.add(part);
  }
  if (context.name) words.add(context.name.toLowerCase().replaceAll(/\s+/g, ''));
  return [...words];
}

/** zxcvbn's score (0 to 4) of a password for this account, with its warning, if any. */
export function estimateStrength(
  password: string,
  context: PasswordContext = {},
): { score: number; warning: string | null } {
  const result = zxcvbn().check(password, contextWords(context));
  return { score: result.score, warning: result.feedback.warning };
}

/** Loads the dictionaries now (at boot) instead of on the first registration. */
export function warmUpStrengthEstimator(): void {
  zxcvbn();
}
