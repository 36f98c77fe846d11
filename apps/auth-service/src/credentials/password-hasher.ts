import { Algorithm, hash, verify } from '@node-rs/argon2';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { normalizePassword } from './password-policy.js';

/** OWASP Password Storage Cheat Sheet: argon2id, 19 MiB, 2 iterations, 1 lane. */
export const ARGON2_PARAMS = {
  algorithm: Algorithm.Argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

const PHC = /^\$argon2(id|i|d)\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$/;

@Injectable()
export class PasswordHasher implements OnModuleInit {
  /** Hash of a random password, verified when an account does not exist (same work as a real one). */
  private dummyHash = '';
  private verifyCount = 0;

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.hash(randomBytes(24).toString('base64url'));
  }

  /** How many password verifications this instance has performed (observable by tests and metrics). */
  get verifications(): number {
    return this.verifyCount;
  }

  hash(password: string): Promise<string> {
    return hash(normalizePassword(password), ARGON2_PARAMS);
  }

  /**
   * Verifies a password against a stored hash, or against the dummy hash when
   * there is no account, so both paths cost one argon2id verification.
   */
  async verify(storedHash: string | null | undefined, password: string): Promise<boolean> {
    this.verifyCount += 1;
    const target = storedHash ?? this.dummyHash;
    let ok: boolean;
    try {
      ok = await verify(target, normalizePassword(password));
    } catch {
      ok = false;
    }
    return ok && storedHash !== null && storedHash !== undefined;
  }

  /** True when the stored hash was made with other (older) parameters. */
  needsRehash(storedHash: string): boolean {
    const match = PHC.exec(storedHash);
    if (!match) return true;
    return (
      match[1] !== 'id' ||
      Number(match[3]) !== ARGON2_PARAMS.memoryCost ||
      Number(match[4]) !== ARGON2_PARAMS.timeCost ||
      Number(match[5]) !== ARGON2_PARAMS.parallelism
    );
  }
}
