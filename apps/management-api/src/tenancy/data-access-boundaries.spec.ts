import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${file}` });
  return result!.messages
    .filter((message) => message.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((message) => message.message);
}

const PRISMA =
  "import { PrismaService } from '../database/prisma.service.js';\nexport { PrismaService };\n";
const SYSTEM =
  "import { SystemDatabase } from '../database/system-database.js';\nexport { SystemDatabase };\n";
const RAW =
  "import { rawTransaction } from '../tenancy/unit-of-work.js';\nexport { rawTransaction };\n";
const CLIENT =
  "import { PrismaClient } from '../generated/prisma/client.js';\nexport { PrismaClient };\n";

describe('data-access boundaries (lint)', () => {
  it('keep the raw Prisma client, the unscoped transaction and the system database out of feature code', async () => {
    const feature = 'apps/management-api/src/events/events.service.ts';
    for (const code of [PRISMA, SYSTEM, RAW, CLIENT]) {
      expect(await restrictedImports(feature, code)).toHaveLength(1);
    }
  });

  it('let the database and tenancy modules and named system paths have what they need', async () => {
    expect(
      await restrictedImports('apps/management-api/src/database/x.ts', PRISMA + SYSTEM + CLIENT),
    ).toEqual([]);
    expect(await restrictedImports('apps/management-api/src/tenancy/x.ts', PRISMA + RAW)).toEqual(
      [],
    );
    expect(
      await restrictedImports('apps/management-api/src/payments/webhooks.system-path.ts', SYSTEM),
    ).toEqual([]);
    // A system path gets the system database only, not the raw request client.
    expect(
      await restrictedImports('apps/management-api/src/payments/webhooks.system-path.ts', PRISMA),
    ).toHaveLength(1);
  });

  it('allow types from the system database anywhere (they open nothing)', async () => {
    const typeOnly =
      "import type { SystemTransaction } from '../database/system-database.js';\nexport type { SystemTransaction };\n";
    expect(await restrictedImports('apps/management-api/src/events/x.ts', typeOnly)).toEqual([]);
  });
});
