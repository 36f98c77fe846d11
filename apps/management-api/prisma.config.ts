import { defineConfig } from 'prisma/config';

// Runtime queries go through @prisma/adapter-pg (see src/database); this file
// only tells the CLI where the schema and migrations live.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: {
    url:
      process.env.DATABASE_MIGRATION_URL ??
      'postgresql://trivance_owner:trivance_owner@127.0.0.1:5432/trivance',
  },
});
