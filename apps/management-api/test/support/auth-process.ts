import { localStack } from '@trivance/shared/testing';
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';

/**
 * The real Auth Service, run from its build as a separate process for the
 * Management API's end-to-end tests: tokens, JWKS, memberships and
 * invitations all come from it, over HTTP, as in production. What the global
 * setup needs to start the shared instance lives here; the specs reach it
 * through `auth-service.ts`, which knows the port the setup chose.
 */
// Two suites can share one local stack when each names its own PostgreSQL
// database (TRIVANCE_TEST_DATABASE) and Redis database (TRIVANCE_TEST_REDIS_DB):
// the Auth Service's database follows the first, the event stream lives in the second.
const RUN_NAME = process.env.TRIVANCE_TEST_DATABASE;
export const AUTH_MONGODB_URI = localStack.mongoUrl(
  RUN_NAME ? `${RUN_NAME}_auth` : 'trivance_auth_mgmt_test',
);
/** Both services share this Redis database in tests: the event stream lives there. */
export const SHARED_REDIS_URL = localStack.redisUrl(
  Number(process.env.TRIVANCE_TEST_REDIS_DB ?? 3),
);
export const MAILDEV_URL = localStack.mailWebUrl;
export const PUBLIC_APP_URL = 'https://app.trivance.test';
export const SUPER_ADMIN = {
  email: 'platform-admin@trivance.test',
  password: 'Platform-admin-pass-2026!',
};

declare module 'vitest' {
  export interface ProvidedContext {
    /** The port of the Auth Service the global setup started for the whole run. */
    authPort: number;
  }
}

const AUTH_DIR = fileURLToPath(new URL('../../../auth-service', import.meta.url));

function authEnv(port?: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    ...(port === undefined ? {} : { PORT: String(port) }),
    MONGODB_URI: AUTH_MONGODB_URI,
    REDIS_URL: SHARED_REDIS_URL,
    SMTP_URL: localStack.smtpUrl,
    PUBLIC_APP_URL,
    TRUST_PROXY: '127.0.0.1',
    // Rotated keys start signing after 2 s instead of 2 min, so a test can watch one.
    SIGNING_KEY_REFRESH_SECONDS: '1',
  };
}

export async function resetAuthDatabase(uri = AUTH_MONGODB_URI): Promise<void> {
  const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 5_000 });
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

/** Withdraws a signing key at once (`npm run auth:revoke-signing-key`). */
export async function revokeSigningKey(kid: string, env: NodeJS.ProcessEnv = {}): Promise<void> {
  await runAuthCli(['revoke-signing-key', '--kid', kid], env);
}

/** `npm run auth:...`: the operator commands, against the shared instance's database. */
export function runAuthCli(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<void> {
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

/**
 * Starts an Auth Service instance on `port` (the shared one, or another
 * replica; with `env`, e.g. a database of its own).
 */
export async function startAuthService(
  port: number,
  env: NodeJS.ProcessEnv = {},
): Promise<ChildProcess> {
  const url = `http://127.0.0.1:${port}`;
  const taken = await fetch(`${url}/health`).then(
    () => true,
    () => false,
  );
  // A leftover instance from an interrupted run would answer in place of ours.
  if (taken) throw new Error(`port ${port} is already in use; stop whatever listens there`);
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: AUTH_DIR,
    env: { ...authEnv(port), ...env },
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
