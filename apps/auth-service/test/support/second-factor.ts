import { expect } from 'vitest';
import { TOTP_PERIOD_SECONDS, totpCode } from '../../src/mfa/totp.js';
import type { Account } from './accounts.js';
import type { Call } from './test-app.js';

/**
 * An authenticator app for tests. The server accepts the codes of the current
 * time step and one step either side, each once; this app hands out a code
 * of a step it has not used yet (the nearest first) and waits for the next
 * step only when all three are used.
 */
export class TestAuthenticator {
  private readonly used = new Set<number>();

  constructor(readonly secret: string) {}

  async code(): Promise<string> {
    for (;;) {
      const now = Date.now();
      const step = Math.floor(now / 1000 / TOTP_PERIOD_SECONDS);
      const intoStep = now / 1000 - step * TOTP_PERIOD_SECONDS;
      // The previous step's code stays valid only while the window still covers it.
      const candidates = [step, step + 1, ...(intoStep > 3 ? [step - 1] : [])];
      const free = candidates.find((candidate) => !this.used.has(candidate));
      if (free !== undefined) {
        this.used.add(free);
        return totpCode(this.secret, free * TOTP_PERIOD_SECONDS * 1000 + 1_000);
      }
      await new Promise((resolve) =>
        setTimeout(resolve, (TOTP_PERIOD_SECONDS - intoStep) * 1000 + 50),
      );
    }
  }

  /** A code the server has already accepted (for replay tests). */
  usedCode(): string {
    const [step] = [...this.used];
    return totpCode(this.secret, step! * TOTP_PERIOD_SECONDS * 1000 + 1_000);
  }
}

export interface SecondFactor {
  app: TestAuthenticator;
  recoveryCodes: string[];
}

/** Enrols and confirms an authenticator app for a signed-in account. */
export async function enableSecondFactor(call: Call, account: Account): Promise<SecondFactor> {
  const enrolled = await call('/v1/auth/mfa/totp/enroll', { token: account.accessToken, body: {} });
  expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(200);
  const app = new TestAuthenticator(enrolled.body.secret);
  const confirmed = await call('/v1/auth/mfa/totp/confirm', {
    token: account.accessToken,
    body: { code: await app.code() },
  });
  expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
  return { app, recoveryCodes: confirmed.body.recoveryCodes };
}

/** Password, then the second factor: an aal2 pair. */
export async function signInWithSecondFactor(
  call: Call,
  account: { email: string; password: string },
  factor: SecondFactor,
) {
  const login = await call('/v1/auth/login', {
    body: { email: account.email, password: account.password },
  });
  expect(login.status, JSON.stringify(login.body)).toBe(200);
  expect(login.body.mfaRequired).toBe(true);
  const verified = await call('/v1/auth/mfa/verify', {
    body: { mfaToken: login.body.mfaToken, code: await factor.app.code() },
  });
  expect(verified.status, JSON.stringify(verified.body)).toBe(200);
  return verified.body as { accessToken: string; refreshToken: string };
}
