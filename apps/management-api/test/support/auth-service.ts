import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
import { MAILDEV_URL, runAuthCli, SUPER_ADMIN } from './auth-process.js';
import { TestAuthenticator } from './totp.js';

export {
  AUTH_MONGODB_URI,
  MAILDEV_URL,
  PUBLIC_APP_URL,
  resetAuthDatabase,
  revokeSigningKey,
  rotateSigningKey,
  SHARED_REDIS_URL,
  startAuthService,
  stopAuthService,
  SUPER_ADMIN,
} from './auth-process.js';

/**
 * The shared Auth Service of this run (started once by the global setup, on
 * TEST_AUTH_PORT or on a port the system chose, so that runs of two checkouts
 * side by side never meet).
 */
export const AUTH_PORT = inject('authPort');
export const AUTH_URL = `http://127.0.0.1:${AUTH_PORT}`;
export const SERVICE_CLIENT = {
  clientId: 'management-api',
  clientSecret: 'dev-management-api-client-secret',
};

// --- identities, made through the Auth Service's public and internal APIs ---

interface Mail {
  text: string;
  to: { address: string }[];
}

async function waitForToken(address: string, path: string): Promise<string> {
  const pattern = new RegExp(`${path}\\?token=([A-Za-z0-9_%-]+)`);
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    // maildev filters by recipient: a long run's whole mailbox is not re-read on every poll.
    const query = new URLSearchParams({ 'to.address': address });
    const mails = (await (await fetch(`${MAILDEV_URL}/api/email?${query}`)).json()) as Mail[];
    const mail = mails.find((m) => m.to.some((to) => to.address === address));
    const token = mail && pattern.exec(mail.text)?.[1];
    if (token) return decodeURIComponent(token);
    await sleep(100);
  }
  throw new Error(`no ${path} mail reached ${address}`);
}

async function post<T>(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
  base = AUTH_URL,
): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      // Each identity comes from its own address, as real clients do.
      'x-forwarded-for': `198.51.100.${1 + (randomBytes(1)[0]! % 250)}`,
      ...headers,
    },
    body: JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

let serviceToken: Promise<string> | undefined;
export function getServiceToken(): Promise<string> {
  serviceToken ??= post<{ accessToken: string }>('/v1/auth/service-token', SERVICE_CLIENT).then(
    (body) => body.accessToken,
  );
  return serviceToken;
}

export interface Identity {
  userId: string;
  email: string;
  name: string;
  accessToken: string;
  refreshToken?: string;
  password?: string;
}

function userIdOf(accessToken: string): string {
  const payload = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString());
  return payload.sub as string;
}

/**
 * A new account that is a member of the organization, with a token scoped to
 * it (from the Auth Service on `port`, the shared one unless told otherwise).
 */
export async function staffMember(
  organizationId: string,
  role: 'admin' | 'moderator' | 'user',
  port = AUTH_PORT,
): Promise<Identity> {
  const base = `http://127.0.0.1:${port}`;
  const email = `${role}-${randomUUID().slice(0, 12)}@members.trivance.test`;
  const name = `Test ${role} ${email.slice(role.length + 1, role.length + 7)}`;
  const password = `Pass-${randomUUID()}`;
  const serviceToken =
    port === AUTH_PORT
      ? await getServiceToken()
      : (await post<{ accessToken: string }>('/v1/auth/service-token', SERVICE_CLIENT, {}, base))
          .accessToken;
  await post(
    '/internal/v1/invitations',
    { organizationId, email, role },
    { authorization: `Bearer ${serviceToken}` },
    base,
  );
  const token = await waitForToken(email, '/accept-invitation');
  const pair = await post<{ accessToken: string; refreshToken: string }>(
    '/v1/auth/invitations/accept',
    { token, name, password },
    {},
    base,
  );
  return {
    userId: userIdOf(pair.accessToken),
    email,
    name,
    password,
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
  };
}

/** Sets up an authenticator app on the identity's account (its sessions stay aal1). */
export async function enableSecondFactor(identity: Identity): Promise<TestAuthenticator> {
  const auth = { authorization: `Bearer ${identity.accessToken}` };
  const { secret } = await post<{ secret: string }>('/v1/auth/mfa/totp/enroll', {}, auth);
  const app = new TestAuthenticator(secret);
  await post('/v1/auth/mfa/totp/confirm', { code: await app.code() }, auth);
  return app;
}

/** Raises the identity's session to aal2 now; answers the stepped-up access token. */
export async function stepUp(identity: Identity, app: TestAuthenticator): Promise<string> {
  const { accessToken } = await post<{ accessToken: string }>(
    '/v1/auth/mfa/step-up',
    { code: await app.code() },
    { authorization: `Bearer ${identity.accessToken}` },
  );
  return accessToken;
}

/**
 * A staff member who has just used a second factor (aal2, within the step-up
 * window): what refunds and other money-moving operations ask for.
 */
export async function steppedUpStaff(
  organizationId: string,
  role: 'admin' | 'moderator' | 'user' = 'admin',
): Promise<Identity> {
  const identity = await staffMember(organizationId, role);
  const app = await enableSecondFactor(identity);
  return { ...identity, accessToken: await stepUp(identity, app) };
}

/** Trades a refresh token for a new pair (the token's claims are re-read then). */
export function refresh(refreshToken: string) {
  return post<{ accessToken: string; refreshToken: string }>('/v1/auth/refresh', {
    refreshToken,
  });
}

export async function logoutAll(accessToken: string): Promise<void> {
  const response = await fetch(`${AUTH_URL}/v1/auth/logout-all`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}` },
  });
  if (response.status !== 204) throw new Error(`logout-all answered ${response.status}`);
}

function switchTo(accessToken: string, organizationId: string) {
  return post<{ accessToken: string; refreshToken: string }>(
    '/v1/auth/switch-organization',
    { organizationId },
    { authorization: `Bearer ${accessToken}` },
  );
}

/**
 * A platform operator, signed in with a second factor (aal2: a super admin
 * always needs one for platform operations); scoped to an organization when
 * one is named. Each call makes its own operator, so their one-time codes
 * never collide. With `{ secondFactor: false }`, the operator made at start-up,
 * signed in with the password alone (aal1).
 */
export async function superAdmin(
  organizationId?: string,
  options: { secondFactor?: boolean } = {},
): Promise<Identity> {
  if (options.secondFactor === false) {
    const pair = await post<{ accessToken: string }>('/v1/auth/login', SUPER_ADMIN);
    const accessToken = organizationId
      ? (await switchTo(pair.accessToken, organizationId)).accessToken
      : pair.accessToken;
    return {
      userId: userIdOf(accessToken),
      email: SUPER_ADMIN.email,
      name: 'Platform Admin',
      accessToken,
    };
  }
  const email = `operator-${randomUUID().slice(0, 12)}@platform.trivance.test`;
  await runAuthCli(['create-super-admin', '--email', email, '--name', 'Platform Operator'], {
    SUPER_ADMIN_PASSWORD: SUPER_ADMIN.password,
  });
  const signedIn = await post<{ accessToken: string }>('/v1/auth/login', {
    email,
    password: SUPER_ADMIN.password,
  });
  const identity: Identity = {
    userId: userIdOf(signedIn.accessToken),
    email,
    name: 'Platform Operator',
    accessToken: signedIn.accessToken,
  };
  const app = await enableSecondFactor(identity);
  const challenge = await post<{ mfaToken: string }>('/v1/auth/login', {
    email,
    password: SUPER_ADMIN.password,
  });
  const pair = await post<{ accessToken: string; refreshToken: string }>('/v1/auth/mfa/verify', {
    mfaToken: challenge.mfaToken,
    code: await app.code(),
  });
  const session = organizationId ? await switchTo(pair.accessToken, organizationId) : pair;
  return { ...identity, ...session };
}

/**
 * An end user: a registered, verified account with no membership anywhere,
 * signed in (a buyer in the mobile app).
 */
export async function endUser(label = 'buyer'): Promise<Identity> {
  const email = `${label}-${randomUUID().slice(0, 12)}@buyers.trivance.test`;
  const name = `Buyer ${email.slice(label.length + 1, label.length + 7)}`;
  const password = `Pass-${randomUUID()}`;
  await post('/v1/auth/register', { email, password, name });
  const token = await waitForToken(email, '/verify-email');
  await post('/v1/auth/verify-email', { token });
  const pair = await post<{ accessToken: string }>('/v1/auth/login', { email, password });
  return { userId: userIdOf(pair.accessToken), email, name, accessToken: pair.accessToken };
}
