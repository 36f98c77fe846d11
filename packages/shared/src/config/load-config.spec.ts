import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commonEnvShape, ConfigError, loadConfig } from './load-config.js';

const schema = z.object({
  ...commonEnvShape(4000),
  API_SECRET: z.string().min(8).default('dev-secret'),
});
const secrets = [{ key: 'API_SECRET' as const, developmentDefault: 'dev-secret' }];

describe('loadConfig', () => {
  it('fills development defaults when nothing is set', () => {
    const config = loadConfig(schema, {});
    expect(config).toMatchObject({ NODE_ENV: 'development', PORT: 4000, TRUST_PROXY: [] });
  });

  it('names every bad variable', () => {
    const attempt = () => loadConfig(schema, { PORT: 'eighty', REDIS_URL: 'http://x' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('PORT');
      expect(problems).toContain('REDIS_URL');
    }
  });

  it('parses comma-separated lists', () => {
    const config = loadConfig(schema, { TRUST_PROXY: '10.0.0.1, 10.0.0.0/8' });
    expect(config.TRUST_PROXY).toEqual(['10.0.0.1', '10.0.0.0/8']);
  });

  it('refuses development secrets in production', () => {
    expect(() => loadConfig(schema, { NODE_ENV: 'production' }, { secrets })).toThrow(
      /API_SECRET: still has its development default/,
    );
    expect(
      loadConfig(schema, { NODE_ENV: 'production', API_SECRET: 'a-real-secret' }, { secrets })
        .API_SECRET,
    ).toBe('a-real-secret');
  });
});
