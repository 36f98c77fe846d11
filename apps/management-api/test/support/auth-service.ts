import { localStack } from '@trivance/shared/testing';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';

/**
 * The real Auth Service, run from its build as a separate process for the
 * Management API's end-to-end tests: tokens, JWKS, memberships and
 * invitations all come from it, over HTTP, as in production.
 */
export const AUTH_PORT = Number(process.env.TEST_AUTH_PORT ?? 3191);
export const AUTH_URL = `http://127.0.0.1:${AUTH_PORT}`;
export const AUTH_MONGODB_URI = localStack.mongoUrl('trivance_auth_mgmt_test');
/** Both services share this Redis database in tests: the event stream lives there. */
export const SHARED_REDIS_URL = localStack.redisUrl(3);
export const MAILDEV_URL = localStack.mailWebUrl;
export const PUBLIC_APP_URL = 'https://app.trivance.test';
export const SERVICE_CLIENT = {
  clientId: 'management-api',
  clientSecret: 'dev-management-api-client-secret',
};
export const SUPER_ADMIN = {
  email: 'platform-admin@trivance.test',
  password: 'Platform-admin-pass-2026!',
};

const AUTH_DIR = fileURLToPath(new URL('../../../auth-service', import.meta.url));

function authEnv(port = AUTH_PORT): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    MONGODB_URI: AUTH_MONGODB_URI,
    REDIS_URL: SHARED_REDIS_URL,
    SMTP_URL: localStack.smtpUrl,
    PUBLIC_APP_URL,
    TRUST_PROXY: '127.0.0.1',
    // Rotated keys start signing after 2 s instead of 2 min, so a test can watch one.
    SIGNING_KEY_REFRESH_SECONDS: '1',
  };
}

export async function resetAuthDatabase(): Promise<void> {
  const client = await MongoClient.connect(AUTH_MONGODB_URI, { serverSelectionTimeoutMS: 5_000 });
  try {
    await client.db().dropDatabase();
  } finally {
    await client.close();
  }
}

export async function stopAuthService(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

export async function createSuperAdmin(): Promise<void> {
  await runAuthCli(
    ['create-super-admin', '--email', SUPER_ADMIN.email, '--name', 'Platform Admin'],
    {
      SUPER_ADMIN_PASSWORD: SUPER_ADMIN.password,
    },
  );
}

export async function rotateSigningKey(): Promise<void> {
  await runAuthCli(['rotate-signing-key']);
}

function runAuthCli(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/cli/auth.cli.js', ...args], {
      cwd: AUTH_DIR,
      env: { ...authEnv(), ...extraEnv },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`auth cli ${args[0]} failed: ${stderr}`)),
    );
  });
}

/** Starts an Auth Service instance (another replica when a second port is given). */
export async function startAuthService(port = AUTH_PORT): Promise<ChildProcess> {
  const url = `http://127.0.0.1:${port}`;
  const taken = await fetch(`${url}/health`).then(
    () => true,
    () => false,
  );
  // A leftover instance from an interrupted run would answer in place of ours.
  if (taken) throw new Error(`port ${port} is already in use; stop whatever listens there`);
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: AUTH_DIR,
    env: authEnv(port),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  for (let attempt = 0; attempt < 150; attempt++) {
    if (child.exitCode !== null) throw new Error(`Auth Service exited: ${stderr}`);
    try {
      if ((await fetch(`${url}/health/ready`)).ok) return child;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  child.kill('SIGKILL');
  throw new Error(`Auth Service did not become ready: ${stderr}`);
}

// --- identities, made through the Auth Service's public and internal APIs ---

interface Mail {
  text: string;
  to: { address: string }[];
}

async function waitForToken(address: string, path: string): Promise<string> {
  const pattern = new RegExp(`${path}\\?token=([A-Za-z0-9_%-]+)`);
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const mails = (await (await fetch(`${MAILDEV_URL}/api/email`)).json()) as Mail[];
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
): Promise<T> {
  const response = await fetch(`${AUTH_URL}${path}`, {
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
}

function userIdOf(accessToken: string): string {
  const payload = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString());
  return payload.sub as string;
}

/** A new account that is a member of the organization, with a token scoped to it. */
export async function staffMember(
  organizationId: string,
  role: 'admin' | 'moderator' | 'user',
): Promise<Identity> {
  const email = `${role}-${randomUUID().slice(0, 12)}@members.trivance.test`;
  const name = `Test ${role} ${email.slice(role.length + 1, role.length + 7)}`;
  await post(
    '/internal/v1/invitations',
    { organizationId, email, role },
    { authorization: `Bearer ${await getServiceToken()}` },
  );
  const token = await waitForToken(email, '/accept-invitation');
  const pair = await post<{ accessToken: string }>('/v1/auth/invitations/accept', {
    token,
    name,
    password: `Pass-${randomUUID()}`,
  });
  return { userId: userIdOf(pair.accessToken), email, name, accessToken: pair.accessToken };
}

/** The platform operator, signed in; scoped to an organization when one is named. */
export async function superAdmin(organizationId?: string): Promise<Identity> {
  const pair = await post<{ accessToken: string }>('/v1/auth/login', SUPER_ADMIN);
  let accessToken = pair.accessToken;
  if (organizationId) {
    const scoped = await post<{ accessToken: string }>(
      '/v1/auth/switch-organization',
      { organizationId },
      { authorization: `Bearer ${accessToken}` },
    );
    accessToken = scoped.accessToken;
  }
  return {
    userId: userIdOf(accessToken),
    email: SUPER_ADMIN.email,
    name: 'Platform Admin',
    accessToken,
  };
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
