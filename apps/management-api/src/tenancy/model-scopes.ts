import type { Prisma } from '../generated/prisma/client.js';

/**
 * How each model's rows are scoped (ARCHITECTURE.md, "Tenancy and customers"):
 * - `public`: readable by anyone; written only by their organization's staff
 *   (row-level security) or through an audited platform path.
 * - `tenant`: one organization's rows, visible only to its staff.
 * - `customer`: an organization's rows that also belong to one account (the
 *   buyer, the donor, the recipient): visible to that organization's staff and
 *   to that account, nobody else.
 * - `system`: reachable only through a named system path.
 *
 * Keyed by every model Prisma knows, so a new model without a scope does not
 * compile.
 */
export type ModelScope = 'public' | 'tenant' | 'customer' | 'system';

export const MODEL_SCOPES: Record<Prisma.ModelName, ModelScope> = {
  Organization: 'public',
  MemberProfile: 'tenant',
  IdempotencyRecord: 'customer',
  ProcessedEvent: 'system',
  MemberVersion: 'system',
  AccountVersion: 'system',
  SystemAuditEntry: 'system',
};
