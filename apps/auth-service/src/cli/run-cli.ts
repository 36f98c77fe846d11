import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { AuditService } from '../audit/audit.service.js';
import { loadAuthConfig } from '../config/auth-config.js';
import { SigningKeysService } from '../keys/signing-keys.service.js';
import { SuperAdminService } from '../users/super-admin.service.js';
import { CliModule } from './cli.module.js';

export const USAGE = `Usage:
  create-super-admin --email <email> [--name <name>]
      Promotes an existing account, or creates a verified one. A new account's
      password is read from SUPER_ADMIN_PASSWORD (never from the command line).
  rotate-signing-key
      Adds a new signing key; the old public key stays in the JWKS until every
      token it signed has expired.`;

export interface CliResult {
  code: number;
  output: string;
}

/** The operator commands; returns the exit code and the line to print. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: { email: { type: 'string' }, name: { type: 'string' } },
  });
  if (command !== 'create-super-admin' && command !== 'rotate-signing-key') {
    return { code: 64, output: USAGE };
  }
  if (command === 'create-super-admin' && !values.email) return { code: 64, output: USAGE };
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
