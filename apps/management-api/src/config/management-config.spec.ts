import { describe, expect, it } from 'vitest';
import { loadManagementConfig } from './management-config.js';

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

  it('refuses to start in production with development secrets', () => {
    expect(() => loadManagementConfig({ NODE_ENV: 'production' })).toThrow(
      /AUTH_CLIENT_SECRET: still has its development default/,
    );
  });
});
