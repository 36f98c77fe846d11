import { describe, expect, it } from 'vitest';
import type { Principal } from './principal.js';
import {
  assertRecentSecondFactor,
  assertSecondFactor,
  STEP_UP_MAX_AGE_SECONDS,
} from './step-up.js';

const principal = (overrides: Partial<Principal>): Principal => ({
  userId: 'a'.repeat(24),
  sessionId: 's',
  emailVerified: true,
  aal: 'aal1',
  amr: ['pwd'],
  authTime: new Date(),
  organizationRequiresMfa: false,
  tokenId: 't',
  issuedAt: new Date(),
  expiresAt: new Date(Date.now() + 60_000),
  ...overrides,
});

describe('step-up rules', () => {
  const now = Date.now();

  it('refuses aal1 with FORBIDDEN, reason MFA_REQUIRED', () => {
    for (const check of [assertSecondFactor, assertRecentSecondFactor]) {
      expect(() => check(principal({}))).toThrow(
        expect.objectContaining({ code: 'FORBIDDEN', reason: 'MFA_REQUIRED' }),
      );
    }
  });

  it('accepts a second factor used within 15 minutes, and refuses an older one for step-up', () => {
    const recent = principal({ aal: 'aal2', authTime: new Date(now - 14 * 60_000) });
    const stale = principal({
      aal: 'aal2',
      authTime: new Date(now - (STEP_UP_MAX_AGE_SECONDS + 1) * 1000),
    });
    expect(() => assertRecentSecondFactor(recent, now)).not.toThrow();
    expect(() => assertRecentSecondFactor(stale, now)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN', reason: 'MFA_REQUIRED' }),
    );
    // Only step-up looks at the age; a second factor as such is still there.
    expect(() => assertSecondFactor(stale)).not.toThrow();
  });
});
