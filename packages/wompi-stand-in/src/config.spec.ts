import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const merchant = {
  publicKey: 'pub_test_org',
  privateKey: 'prv_test_org',
  eventsSecret: 'events',
  integritySecret: 'integrity',
  eventsUrl: 'http://127.0.0.1:3000/api/payments/webhooks/wompi/org',
};

describe('loadConfig', () => {
  it('defaults to port 3099 on loopback with no merchants', () => {
    expect(loadConfig({})).toMatchObject({
      port: 3099,
      host: '127.0.0.1',
      merchants: [],
      transitionDelayMs: 1000,
      retryScale: 1,
    });
  });

  it('puts the default merchant from WOMPI_* before the listed ones', () => {
    const config = loadConfig({
      WOMPI_STAND_IN_MERCHANTS: JSON.stringify([merchant]),
      WOMPI_PUBLIC_KEY: 'pub_test_platform',
      WOMPI_PRIVATE_KEY: 'prv_test_platform',
      WOMPI_EVENTS_SECRET: 'platform_events',
      WOMPI_INTEGRITY_SECRET: 'platform_integrity',
      WOMPI_STAND_IN_RETRY_SCALE: '0.001',
      WOMPI_STAND_IN_PORT: '0',
    });
    expect(config.merchants.map((m) => m.publicKey)).toEqual(['pub_test_platform', 'pub_test_org']);
    expect(config.retryScale).toBe(0.001);
    expect(config.port).toBe(0);
  });

  it('names what is wrong or missing', () => {
    expect(() => loadConfig({ WOMPI_PUBLIC_KEY: 'pub_test_platform' })).toThrow(
      /WOMPI_PRIVATE_KEY, WOMPI_EVENTS_SECRET, WOMPI_INTEGRITY_SECRET/,
    );
    expect(() => loadConfig({ WOMPI_STAND_IN_MERCHANTS: 'not json' })).toThrow(ConfigError);
    expect(() =>
      loadConfig({ WOMPI_STAND_IN_MERCHANTS: JSON.stringify([{ ...merchant, privateKey: 'x' }]) }),
    ).toThrow(/WOMPI_STAND_IN_MERCHANTS\.0\.privateKey/);
    expect(() => loadConfig({ WOMPI_STAND_IN_PORT: 'abc' })).toThrow(/WOMPI_STAND_IN_PORT/);
  });
});
