import { decodeJwt, decodeProtectedHeader } from 'jose';
import { expect } from 'vitest';
import type { Call } from './test-app.js';
import { tokenFromMail, waitForMails } from './maildev.js';
import { uniqueEmail } from './test-app.js';

export const PASSWORD = 'a long and unusual passphrase 7';

export interface Account {
  email: string;
  password: string;
  userId: string;
  accessToken: string;
  refreshToken: string;
}

/** Registers through the API, verifies through the emailed link's token, and signs in. */
export async function createVerifiedAccount(call: Call, tag = 'user'): Promise<Account> {
  const email = uniqueEmail(tag);
  const registered = await call('/v1/auth/register', {
    body: { email, password: PASSWORD, name: 'Test User' },
  });
  expect(registered.status).toBe(202);
  const [mail] = await waitForMails(email);
  const verified = await call('/v1/auth/verify-email', {
    body: { token: tokenFromMail(mail!, '/verify-email') },
  });
  expect(verified.status).toBe(200);
  return signIn(call, email, PASSWORD);
}

export async function signIn(call: Call, email: string, password: string): Promise<Account> {
  const login = await call('/v1/auth/login', { body: { email, password } });
  expect(login.status, JSON.stringify(login.body)).toBe(200);
  return {
    email,
    password,
    userId: decodeJwt(login.body.accessToken).sub!,
    accessToken: login.body.accessToken,
    refreshToken: login.body.refreshToken,
  };
}

export function claimsOf(token: string) {
  return { header: decodeProtectedHeader(token), payload: decodeJwt(token) };
}

/** Everything but the request id, for enumeration comparisons. */
export function withoutRequestId(body: unknown): unknown {
  if (body && typeof body === 'object') {
    const { requestId: _ignored, ...rest } = body as Record<string, unknown>;
    return rest;
  }
  return body;
}
