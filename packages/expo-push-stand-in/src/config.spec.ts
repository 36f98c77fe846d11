import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to port 3098 on loopback with receipts at once and no access token', () => {
    expect(loadConfig({})).toEqual({
      port: 3098,
      host: '127.0.0.1',
      receiptDelayMs: 0,
      logLevel: 'info',
    });
  });

  it('reads the port, the receipt delay and the access token', () => {
    expect(
      loadConfig({
        EXPO_PUSH_STAND_IN_PORT: '4000',
        EXPO_PUSH_STAND_IN_RECEIPT_DELAY_MS: '250',
        EXPO_PUSH_STAND_IN_ACCESS_TOKEN: 'secret',
        EXPO_PUSH_STAND_IN_HOST: '',
      }),
    ).toMatchObject({ port: 4000, host: '127.0.0.1', receiptDelayMs: 250, accessToken: 'secret' });
  });

  it('refuses a bad value and names it', () => {
    expect(() => loadConfig({ EXPO_PUSH_STAND_IN_PORT: 'x' })).toThrow(ConfigError);
    expect(() => loadConfig({ EXPO_PUSH_STAND_IN_RECEIPT_DELAY_MS: '-1' })).toThrow(
      /EXPO_PUSH_STAND_IN_RECEIPT_DELAY_MS/,
    );
  });
});
