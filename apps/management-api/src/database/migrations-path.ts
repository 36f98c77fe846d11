import { fileURLToPath } from 'node:url';

/** prisma/migrations, resolved from both src/ (tests) and dist/ (runtime). */
export const MIGRATIONS_DIRECTORY = fileURLToPath(
  new URL('../../prisma/migrations', import.meta.url),
);
