import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printAppSchema, SCHEMA_FILE } from '../src/graphql/schema-file.js';
import { type RunningApp, startApp } from './support/running-app.js';

describe('committed GraphQL schema', () => {
  let api: RunningApp;
  beforeAll(async () => {
    api = await startApp();
  });
  afterAll(() => api.close());

  it('matches the schema the code builds (run `npm run schema:write` after a change)', async () => {
    expect(printAppSchema(api.app)).toBe(await readFile(SCHEMA_FILE, 'utf8'));
  });
});
