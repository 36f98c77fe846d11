import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { readFileSync } from 'node:fs';

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

/** NIST SP 800-63B / ASVS: length 8 to 128 after normalization, not a known common password. */
export function passwordProblems(password: string): string[] {
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

@Injectable()
export class PasswordPolicy {
  constructor() {
    loadCommonPasswords();
  }

  get commonPasswordCount(): number {
    return loadCommonPasswords().size;
  }

  /** Throws WEAK_PASSWORD (with the field's messages) when the password is not acceptable. */
  assertAcceptable(password: string, field = 'password'): void {
    const problems = passwordProblems(password);
    if (problems.length > 0) {
      throw new AppError('WEAK_PASSWORD', `The ${field} is not acceptable`, {
        errors: { [field]: problems },
      });
    }
  }
}
