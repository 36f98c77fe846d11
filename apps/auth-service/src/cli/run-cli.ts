import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { publishRevocations } from '@trivance/shared';
import type { Redis } from 'ioredis';
import { parseArgs } from 'node:util';
import { AuditService } from '../audit/audit.service.js';
import { type AuthConfig, loadAuthConfig } from '../config/auth-config.js';
import { createRedisClient } from '../redis/redis.module.js';
import { SigningKeysService } from '../keys/signing-keys.service.js';
import { SuperAdminService } from '../users/super-admin.service.js';
import { CliModule } from './cli.module.js';

export const USAGE = `Usage:
  create-super-admin --email <email> [--name <name>]
      Promotes an existing account, or creates a verified one. A new account's
      password is read from SUPER_ADMIN_PASSWORD (never from the command line).
  rotate-signing-key
      Adds a new signing key; the old public key stays in the JWKS until every
      token it signed has expired.
  revoke-signing-key --kid <kid>
      Withdraws a key at once (it was exposed): it leaves the JWKS, every
      verifier is told on the revocation feed to drop it, and tokens it signed
      stop working everywhere. If it was signing, a new key signs at once.`;

const COMMANDS = ['create-super-admin', 'rotate-signing-key', 'revoke-signing-key'] as const;

export interface CliResult {
  code: number;
  output: string;
}

/** The operator commands; returns the exit code and the line to print. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: { email: { type: 'string' }, name: { type: 'string' }, kid: { type: 'string' } },
  });
  if (!COMMANDS.includes(command as (typeof COMMANDS)[number])) {
    return { code: 64, output: USAGE };
  }
  if (command === 'create-super-admin' && !values.email) return { code: 64, output: USAGE };
  if (command === 'revoke-signing-key' && !values.kid) return { code: 64, output: USAGE };
  const config = loadAuthConfig(env);
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  try {
    if (command === 'create-super-admin') {
      const result = await app.get(SuperAdminService).createOrPromote({
        email: values.email!,
        name: values.name,
        password: env.SUPER_ADMIN_PASSWORD,
      });
      return {
        code: 0,
        output: result.created
          ? `Created super admin ${values.email} (${result.userId})`
          : `Promoted ${values.email} (${result.userId}) to super admin`,
      };
    }
    if (command === 'revoke-signing-key') return await revokeSigningKey(app, config, values.kid!);
    const rotated = await app.get(SigningKeysService).rotate();
    await app.get(AuditService).record({
      type: 'signing_key.rotated',
      actor: 'cli',
      data: { kid: rotated.kid, retiredKid: rotated.retiredKid ?? null },
    });
    return {
      code: 0,
      output: `New signing key ${rotated.kid}; retired ${rotated.retiredKid ?? 'none'}`,
    };
  } finally {
    await app.close();
  }
}

async function revokeSigningKey(
  app: INestApplicationContext,
  config: AuthConfig,
  kid: string,
): Promise<CliResult> {
  const result = await app.get(SigningKeysService).revoke(kid);
  if (!result.revoked) return { code: 1, output: `No signing key ${kid}` };
  await app.get(AuditService).record({
    type: 'signing_key.revoked',
    actor: 'cli',
    data: { kid, signingKid: result.signingKid },
  });
  // Every verifier drops the key now instead of at its next JWKS refresh.
  const redis = createRedisClient(config.REDIS_URL, 'auth-cli');
  redis.on('error', () => undefined);
  try {
    await readyWithin(redis, 3_000);
    await publishRevocations(redis, [{ kind: 'key', id: kid }]);
  } catch (error) {
    return {
      code: 2,
      output:
        `Revoked ${kid} (now signing with ${result.signingKid}), but the revocation feed is ` +
        `unreachable (${(error as Error).message}): verifiers drop the key at their next JWKS ` +
        'refresh (within a minute). Run the command again once Redis is back.',
    };
  } finally {
    redis.disconnect();
  }
  return { code: 0, output: `Revoked signing key ${kid}; now signing with ${result.signingKid}` };
}

function readyWithin(redis: Redis, ms: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Redis did not answer')), ms);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
