import { ConfigError } from '@trivance/shared';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadAuthConfig } from './auth-config.js';

const productionEnv = {
  NODE_ENV: 'production',
  KEY_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  SERVICE_CLIENTS: `management-api:${createHash('sha256').update('a-real-secret-value').digest('hex')}`,
};

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadAuthConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadAuthConfig', () => {
  it('starts on development defaults alone', () => {
    const config = loadAuthConfig({});
    expect(config.PORT).toBe(3001);
    expect(config.MONGODB_URI).toBe('mongodb://127.0.0.1:27017/trivance_auth');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.SMTP_URL).toBe('smtp://127.0.0.1:1025');
    expect(config.SERVICE_CLIENTS).toEqual([
      { clientId: 'management-api', secretHash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
  });

  it('names each bad variable', () => {
    const problems = problemsOf({ PORT: 'eighty', MONGODB_URI: 'http://nope', SMTP_URL: 'x' });
    expect(problems.some((p) => p.startsWith('PORT:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('MONGODB_URI:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('SMTP_URL:'))).toBe(true);
  });

  it('refuses a key encryption key that is not 32 bytes', () => {
    expect(problemsOf({ KEY_ENCRYPTION_KEY: 'c2hvcnQ=' })).toEqual([
      expect.stringMatching(/^KEY_ENCRYPTION_KEY:/),
    ]);
  });

  it('refuses a malformed service client list', () => {
    expect(problemsOf({ SERVICE_CLIENTS: 'management-api:plaintext-secret' })).toEqual([
      expect.stringMatching(/^SERVICE_CLIENTS:/),
    ]);
  });

  it('refuses development secrets in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'KEY_ENCRYPTION_KEY: still has its development default in production',
    ]);
    expect(problemsOf({ ...productionEnv, SERVICE_CLIENTS: undefined })).toEqual([
      'SERVICE_CLIENTS: still has its development default in production',
    ]);
    expect(loadAuthConfig(productionEnv).NODE_ENV).toBe('production');
  });
});
