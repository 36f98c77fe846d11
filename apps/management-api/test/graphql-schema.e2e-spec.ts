import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printAppSchema, SCHEMA_FILE } from '../src/graphql/schema-file.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { testConfig } from './support/test-env.js';

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

describe('in production', () => {
  let api: RunningApp;
  beforeAll(async () => {
    api = await startApp(
      testConfig({
        NODE_ENV: 'production',
        AUTH_CLIENT_SECRET: 'a-production-client-secret',
        WOMPI_PRIVATE_KEY: 'prv_prod_key',
        WOMPI_EVENTS_SECRET: 'prod-events-secret',
        WOMPI_INTEGRITY_SECRET: 'prod-integrity-secret',
        TICKET_SIGNING_KEY: 'a-production-ticket-signing-key-0123456789',
        SETTINGS_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'),
      }),
    );
  });
  afterAll(() => api.close());

  it('refuses introspection and serves no IDE', async () => {
    const { body } = await api.graphql('{ __schema { types { name } } }');
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await fetch(`${api.url}/graphiql`)).status).toBe(404);
  });

  it('still answers ordinary queries', async () => {
    const { body } = await api.graphql('{ __typename }');
    expect(body.data).toEqual({ __typename: 'Query' });
  });

  it('does not suggest the names of fields and arguments it will not describe', async () => {
    const { body } = await api.graphql('{ organizationBySlg(slug: "x") { id nme } }');
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toMatch(/Cannot query field "organizationBySlg"/);
    expect(JSON.stringify(body)).not.toMatch(/Did you mean|organizationBySlug/);
  });
});

describe('in development', () => {
  let api: RunningApp;
  beforeAll(async () => {
    api = await startApp();
  });
  afterAll(() => api.close());

  it('suggests the field a developer meant', async () => {
    const { body } = await api.graphql('{ organizationBySlg(slug: "x") { id } }');
    expect(body.errors?.[0]?.message).toMatch(/Did you mean "organizationBySlug"/);
  });
});
