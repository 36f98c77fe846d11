import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { readFileSync } from 'node:fs';
import { estimateStrength, MIN_STRENGTH_SCORE, type PasswordContext } from './password-strength.js';
import { StrengthEstimator } from './strength-estimator.js';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** Passwords are compared in Unicode NFKC form so the same text typed on two devices matches. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/**
 * The 10,000 most common passwords of 8 or more characters, in frequency order,
 * taken from the "passwords" frequency list of zxcvbn 4.4.2 (MIT licence,
 * Dropbox), which was built from leaked password corpora. Bundled so the check
 * works offline.
 */
const COMMON_PASSWORDS_FILE = new URL('./common-passwords.txt', import.meta.url);

let commonPasswords: Set<string> | undefined;

function loadCommonPasswords(): Set<string> {
  commonPasswords ??= new Set(
    readFileSync(COMMON_PASSWORDS_FILE, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
  );
  return commonPasswords;
}

/**
 * NIST SP 800-63B / ASVS: length 8 to 128 after normalization, not a known
 * common password, and not easy to guess for this account (zxcvbn, with the
 * account's name and email as context). No composition rules.
 */
export function passwordProblems(password: string, context: PasswordContext = {}): string[] {
  const problems = basicProblems(password);
  if (problems.length === 0) {
    const problem = strengthProblem(estimateStrength(normalizePassword(password), context));
    if (problem) problems.push(problem);
  }
  return problems;
}

/** Length and the common list: cheap, checked first. */
function basicProblems(password: string): string[] {
  const normalized = normalizePassword(password);
  const length = [...normalized].length;
  const problems: string[] = [];
  if (length < PASSWORD_MIN_LENGTH) {
    problems.push(`must be at least ${PASSWORD_MIN_LENGTH} characters`);
  }
  if (length > PASSWORD_MAX_LENGTH) {
    problems.push(`must be at most ${PASSWORD_MAX_LENGTH} characters`);
  }
  if (loadCommonPasswords().has(normalized.toLowerCase())) {
    problems.push('is too common; choose a less predictable password');
  }
  return problems;
}

function strengthProblem(strength: { score: number; warning: string | null }): string | null {
  if (strength.score >= MIN_STRENGTH_SCORE) return null;
  const why = strength.warning ? ` (${strength.warning.replace(/\.$/, '')})` : '';
  return `is too easy to guess${why}; a few unrelated words make a strong password`;
}

@Injectable()
export class PasswordPolicy {
  constructor(private readonly strength: StrengthEstimator) {
    loadCommonPasswords();
  }

  get commonPasswordCount(): number {
    return loadCommonPasswords().size;
  }

  /** Throws WEAK_PASSWORD (with the field's messages) when the password is not acceptable. */
  async assertAcceptable(
    password: string,
    context: PasswordContext,
    field = 'password',
  ): Promise<void> {
    const problems = basicProblems(password);
    if (problems.length === 0) {
      const problem = strengthProblem(
        await this.strength.estimate(normalizePassword(password), context),
      );
      if (problem) problems.push(problem);
    }
    if (problems.length > 0) {
      throw new AppError('WEAK_PASSWORD', `The ${field} is not acceptable`, {
        errors: { [field]: problems },
      });
    }
  }
}
