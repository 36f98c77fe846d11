import { writeFileSync } from 'node:fs';
import { bootstrap } from './bootstrap.js';
import { sortedOpenApiJson } from './openapi-document.js';

/** Writes the sorted OpenAPI document to apps/auth-service/openapi.json (run from the app folder). */
const target = new URL('../openapi.json', import.meta.url);
const { app, openApi } = await bootstrap({ ...process.env, LOG_LEVEL: 'silent' });
writeFileSync(target, sortedOpenApiJson(openApi));
await app.close();
console.error(`wrote ${target.pathname}`);
process.exit(0);
