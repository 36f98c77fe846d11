import { describe, expect, it, vi } from 'vitest';
import type { AuthAccount } from '../auth-client/auth-client.js';
import type { ViewerService } from '../viewer/viewer.service.js';
import { LOCALE_LOOKUP_DEADLINE_MS, RecipientLocale } from './recipient-locale.js';

const account = (locale?: 'es' | 'en'): AuthAccount => ({
  id: '665f1c2b9a1e4b0012345678',
  email: 'someone@example.test',
  name: 'Someone',
  emailVerified: true,
  platformRole: null,
  ...(locale ? { locale } : {}),
});

const localesWith = (lookup: (userId: string) => Promise<AuthAccount | null>) => {
  const account = vi.fn(lookup);
  return {
    account,
    locales: new RecipientLocale({ account } as unknown as ViewerService),
  };
};

describe('the language of a recipient', () => {
  it("is the account's language", async () => {
    const { locales, account: lookup } = localesWith(async () => account('en'));
    expect(await locales.of('665f1c2b9a1e4b0012345678')).toBe('en');
    expect(lookup).toHaveBeenCalledWith('665f1c2b9a1e4b0012345678');
    const spanish = localesWith(async () => account('es')).locales;
    expect(await spanish.of('665f1c2b9a1e4b0012345678')).toBe('es');
  });

  it('is Spanish without an account, without a language on it, or with an account gone', async () => {
    const { locales, account: lookup } = localesWith(async () => null);
    expect(await locales.of(null)).toBe('es');
    expect(await locales.of(undefined)).toBe('es');
    expect(lookup).not.toHaveBeenCalled();
    expect(await locales.of('665f1c2b9a1e4b0012345678')).toBe('es');
    expect(await localesWith(async () => account()).locales.of('x')).toBe('es');
  });

  it('is Spanish when the Auth Service fails, so the mail still goes out', async () => {
    const { locales } = localesWith(async () => {
      throw new Error('circuit open');
    });
    expect(await locales.of('665f1c2b9a1e4b0012345678')).toBe('es');
  });

  it('is Spanish when the lookup takes too long: the mail waits a bounded time', async () => {
    vi.useFakeTimers();
    try {
      const { locales } = localesWith(() => new Promise<never>(() => {}));
      const answer = locales.of('665f1c2b9a1e4b0012345678');
      await vi.advanceTimersByTimeAsync(LOCALE_LOOKUP_DEADLINE_MS);
      expect(await answer).toBe('es');
    } finally {
      vi.useRealTimers();
    }
  });
});
