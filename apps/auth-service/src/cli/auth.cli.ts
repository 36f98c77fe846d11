import { NestFactory } from '@nestjs/core';
import { AppError, ConfigError } from '@trivance/shared';
import { parseArgs } from 'node:util';
import { AuditService } from '../audit/audit.service.js';
import { loadAuthConfig } from '../config/auth-config.js';
import { SigningKeysService } from '../keys/signing-keys.service.js';
import { SuperAdminService } from '../users/super-admin.service.js';
import { CliModule } from './cli.module.js';

const USAGE = `Usage:
  create-super-admin --email <email> [--name <name>]
      Promotes an existing account, or creates a verified one. A new account's
      password is read from SUPER_ADMIN_PASSWORD (never from the command line).
  rotate-signing-key
      Adds a new signing key; the old public key stays in the JWKS until every
      token it signed has expired.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: { email: { type: 'string' }, name: { type: 'string' } },
  });
  if (command !== 'create-super-admin' && command !== 'rotate-signing-key') {
    console.error(USAGE);
    return 64;
  }
  const config = loadAuthConfig();
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  try {
    if (command === 'create-super-admin') {
      if (!values.email) {
        console.error(USAGE);
        return 64;
      }
      const result = await app.get(SuperAdminService).createOrPromote({
        email: values.email,
        name: values.name,
        password: process.env.SUPER_ADMIN_PASSWORD,
      });
      console.log(
        result.created
          ? `Created super admin ${values.email} (${result.userId})`
          : `Promoted ${values.email} (${result.userId}) to super admin`,
      );
    } else {
      const rotated = await app.get(SigningKeysService).rotate();
      await app.get(AuditService).record({
        type: 'signing_key.rotated',
        actor: 'cli',
        data: { kid: rotated.kid, retiredKid: rotated.retiredKid ?? null },
      });
      console.log(`New signing key ${rotated.kid}; retired ${rotated.retiredKid ?? 'none'}`);
    }
    return 0;
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof AppError) {
      console.error(error.message, error instanceof AppError && error.errors ? error.errors : '');
    } else {
      console.error(error);
    }
    process.exit(1);
  },
);
