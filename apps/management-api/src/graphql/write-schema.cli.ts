import { writeFile } from 'node:fs/promises';
import { createManagementApp } from '../bootstrap.js';
import { loadManagementConfig } from '../config/management-config.js';
import { printAppSchema, SCHEMA_FILE } from './schema-file.js';

// `npm run schema:write`: regenerates schema.graphql from the code-first types.
const app = await createManagementApp(
  loadManagementConfig({
    ...process.env,
    DATABASE_MIGRATE_ON_START: 'false',
    DOMAIN_EVENTS_CONSUMER: 'false',
    BACKGROUND_JOBS: 'false',
    LOG_LEVEL: 'warn',
  }),
);
await app.init();
await writeFile(SCHEMA_FILE, printAppSchema(app));
await app.close();
console.error(`wrote ${SCHEMA_FILE}`);
