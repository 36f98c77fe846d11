import type { Principal } from '@trivance/shared';
import { describe, expect, it } from 'vitest';
import { scopeArgs } from './scope-args.js';

const ORG_A = '0193a000-0000-7000-8000-00000000000a';
const ORG_B = '0193a000-0000-7000-8000-00000000000b';
const BUYER = 'b'.repeat(24);
const STAFF = 's'.repeat(24);

const principal = (overrides: Partial<Principal> = {}): Principal => ({
  userId: BUYER,
  sessionId: 'session',
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
const buyer = principal();
const staffOfA = principal({ userId: STAFF, organizationId: ORG_A, role: 'admin' });

describe('the scope rule', () => {
  describe('customer-owned rows', () => {
    it('lets a customer read only the rows of their own user, whatever the filter says', () => {
      const args = scopeArgs(
        'IdempotencyRecord',
        'findMany',
        { where: { userId: 'x'.repeat(24) } },
        buyer,
      );
      expect(args.where).toEqual({ userId: 'x'.repeat(24), AND: [{ userId: BUYER }] });
    });

    it("lets staff read their organization's rows and their own, nobody else's", () => {
      const args = scopeArgs(
        'IdempotencyRecord',
        'findFirst',
        { where: { organizationId: ORG_B } },
        staffOfA,
      );
      expect(args.where).toEqual({
        organizationId: ORG_B,
        AND: [{ OR: [{ organizationId: ORG_A }, { userId: STAFF }] }],
      });
    });

    it('keeps a unique filter unique and adds the visibility condition beside it', () => {
      const where = {
        organizationId_keyHash: { organizationId: ORG_A, keyHash: 'k' },
        AND: { operation: 'x' },
      };
      const args = scopeArgs('IdempotencyRecord', 'update', { where, data: {} }, buyer);
      expect(args.where).toEqual({
        organizationId_keyHash: { organizationId: ORG_A, keyHash: 'k' },
        AND: [{ operation: 'x' }, { userId: BUYER }],
      });
    });

    it("pins a customer's new row to their own user id, for the organization they buy from", () => {
      const args = scopeArgs(
        'IdempotencyRecord',
        'create',
        { data: { organizationId: ORG_B, userId: 'x'.repeat(24), operation: 'o' } },
        buyer,
      );
      expect(args.data).toEqual({ organizationId: ORG_B, userId: BUYER, operation: 'o' });
    });

    it('lets staff create rows of their organization for someone else, and only of it', () => {
      const forCustomer = scopeArgs(
        'IdempotencyRecord',
        'createMany',
        { data: [{ userId: BUYER }] },
        staffOfA,
      );
      expect(forCustomer.data).toEqual([{ userId: BUYER, organizationId: ORG_A }]);
      // Elsewhere they are a customer like anyone else.
      const elsewhere = scopeArgs(
        'IdempotencyRecord',
        'create',
        { data: { organizationId: ORG_B, userId: BUYER } },
        staffOfA,
      );
      expect(elsewhere.data).toEqual({ organizationId: ORG_B, userId: STAFF });
    });

    it('never moves a row to another organization or owner on update', () => {
      const args = scopeArgs(
        'IdempotencyRecord',
        'updateMany',
        { where: {}, data: { organizationId: ORG_B, userId: 'x'.repeat(24), operation: 'o' } },
        buyer,
      );
      expect(args.data).toEqual({ operation: 'o' });
    });

    it('refuses an anonymous caller', () => {
      expect(() => scopeArgs('IdempotencyRecord', 'findMany', {}, undefined)).toThrow(
        expect.objectContaining({ code: 'UNAUTHENTICATED' }),
      );
    });
  });

  describe('tenant-owned rows', () => {
    it('filters and writes by the active organization only', () => {
      expect(
        scopeArgs('MemberProfile', 'findMany', { where: { organizationId: ORG_B } }, staffOfA)
          .where,
      ).toEqual({
        organizationId: ORG_A,
      });
      expect(
        scopeArgs('MemberProfile', 'create', { data: { organizationId: ORG_B } }, staffOfA).data,
      ).toEqual({
        organizationId: ORG_A,
      });
    });

    it('refuses a caller without an active organization with NO_ACTIVE_ORGANIZATION', () => {
      expect(() => scopeArgs('MemberProfile', 'findMany', {}, buyer)).toThrow(
        expect.objectContaining({ code: 'FORBIDDEN', reason: 'NO_ACTIVE_ORGANIZATION' }),
      );
    });
  });

  it('keeps system models out of request code entirely', () => {
    for (const model of ['ProcessedEvent', 'MemberVersion', 'AccountVersion', 'SystemAuditEntry']) {
      expect(() => scopeArgs(model, 'findMany', {}, staffOfA)).toThrow(/only through system paths/);
    }
  });

  it('refuses a model that has no scope', () => {
    expect(() => scopeArgs('Unclassified', 'findMany', {}, staffOfA)).toThrow(/no tenancy scope/);
  });
});
