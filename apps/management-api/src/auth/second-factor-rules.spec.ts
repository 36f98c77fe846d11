import type { Principal } from '@trivance/shared';
import { describe, expect, it } from 'vitest';
import type { AccessRule } from './access.decorators.js';
import { assertSecondFactorRules } from './second-factor-rules.js';
import { grantsAdmin } from './step-up.decorator.js';

const ORG = '0193a000-0000-7000-8000-00000000000a';
const principal = (overrides: Partial<Principal> = {}): Principal => ({
  userId: 'a'.repeat(24),
  sessionId: 'session',
  organizationId: ORG,
  role: 'admin',
  emailVerified: true,
  aal: 'aal1',
  amr: ['pwd'],
  authTime: new Date(),
  organizationRequiresMfa: false,
  tokenId: 'token',
  issuedAt: new Date(),
  expiresAt: new Date(Date.now() + 60_000),
  ...overrides,
});
const staff: AccessRule = { kind: 'staff', roles: ['admin'] };
const platform: AccessRule = { kind: 'platform' };
const refused = expect.objectContaining({ code: 'FORBIDDEN', reason: 'MFA_REQUIRED' });

describe('second-factor rules', () => {
  it('lets ordinary staff work at aal1', () => {
    expect(() => assertSecondFactorRules(principal(), staff, undefined, {})).not.toThrow();
  });

  it('needs aal2 of a super admin, on platform operations and inside an organization', () => {
    const operator = principal({ role: 'super_admin' });
    expect(() => assertSecondFactorRules(operator, platform, undefined, {})).toThrow(refused);
    expect(() => assertSecondFactorRules(operator, staff, undefined, {})).toThrow(refused);
    const withFactor = principal({ role: 'super_admin', aal: 'aal2' });
    expect(() => assertSecondFactorRules(withFactor, platform, undefined, {})).not.toThrow();
  });

  it('needs aal2 of staff when the organization requires it', () => {
    const required = principal({ role: 'user', organizationRequiresMfa: true });
    expect(() => assertSecondFactorRules(required, staff, undefined, {})).toThrow(refused);
    expect(() =>
      assertSecondFactorRules({ ...required, aal: 'aal2' }, staff, undefined, {}),
    ).not.toThrow();
  });

  it('applies a conditional step-up only when its condition holds', () => {
    const stepUp = { when: grantsAdmin };
    const admin = principal();
    expect(() =>
      assertSecondFactorRules(admin, staff, stepUp, { input: { role: 'USER' } }),
    ).not.toThrow();
    expect(() =>
      assertSecondFactorRules(admin, staff, stepUp, { input: { role: 'ADMIN' } }),
    ).toThrow(refused);
    const stale = principal({ aal: 'aal2', authTime: new Date(Date.now() - 16 * 60_000) });
    expect(() =>
      assertSecondFactorRules(stale, staff, stepUp, { input: { role: 'ADMIN' } }),
    ).toThrow(refused);
    const recent = principal({ aal: 'aal2', authTime: new Date() });
    expect(() =>
      assertSecondFactorRules(recent, staff, stepUp, { input: { role: 'ADMIN' } }),
    ).not.toThrow();
  });
});
