import { describe, expect, it } from 'vitest';
import { loadManagementConfig } from './management-config.js';

const PRODUCTION_SECRETS = {
  DATABASE_URL: 'postgresql://app:secret@db.internal:5432/trivance',
  DATABASE_SYSTEM_URL: 'postgresql://system:secret@db.internal:5432/trivance',
  AUTH_CLIENT_SECRET: 'a-production-client-secret',
  WOMPI_PRIVATE_KEY: 'prv_prod_x',
  WOMPI_EVENTS_SECRET: 'prod_events_x',
  WOMPI_INTEGRITY_SECRET: 'prod_integrity_x',
  TICKET_SIGNING_KEY: 'a-production-ticket-signing-key-of-32-chars',
  SETTINGS_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
};

describe('Management API configuration', () => {
  it('starts on local defaults with nothing set', () => {
    const config = loadManagementConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toContain('trivance_app');
    expect(config.DATABASE_MIGRATION_URL).toContain('trivance_owner');
  });

  it('refuses a database URL that is not PostgreSQL, naming it', () => {
    expect(() => loadManagementConfig({ DATABASE_URL: 'mysql://x@y/z' })).toThrow(/DATABASE_URL/);
  });

  it('holds no owner credentials and does not migrate at boot in production by default', () => {
    const production = loadManagementConfig({ ...PRODUCTION_SECRETS, NODE_ENV: 'production' });
    expect(production.DATABASE_MIGRATE_ON_START).toBe(false);
    expect(production.DATABASE_MIGRATION_URL).toBeUndefined();
    expect(loadManagementConfig({}).DATABASE_MIGRATE_ON_START).toBe(true);
  });

  it('refuses to migrate at boot in production without a migration URL, naming it', () => {
    expect(() =>
      loadManagementConfig({
        ...PRODUCTION_SECRETS,
        NODE_ENV: 'production',
        DATABASE_MIGRATE_ON_START: 'true',
      }),
    ).toThrow(/DATABASE_MIGRATION_URL: is required when DATABASE_MIGRATE_ON_START is true/);
  });

  it('refuses to start in production with development secrets', () => {
    expect(() => loadManagementConfig({ NODE_ENV: 'production' })).toThrow(
      /AUTH_CLIENT_SECRET: still has its development default/,
    );
  });
});
