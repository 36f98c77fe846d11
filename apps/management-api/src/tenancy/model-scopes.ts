import type { Prisma } from '../generated/prisma/client.js';

/**
 * How each model's rows are scoped (ARCHITECTURE.md, "Tenancy and customers"):
 * - `public`: readable by anyone; written only by their organization's staff
 *   (row-level security) or through an audited platform path.
 * - `tenant`: one organization's rows, visible only to its staff.
 * - `listed`: tenant-owned rows that anyone may read once published (events,
 *   their ticket types and seat pools, categories): staff read and write them
 *   like tenant rows; public reads go through the public client, which adds
 *   the model's `PUBLIC_READS` condition.
 * - `customer`: an organization's rows that also belong to one account (the
 *   buyer, the donor, the recipient): visible to that organization's staff and
 *   to that account, nobody else.
 * - `account`: one account's own rows, in any organization (its notifications,
 *   its notification choices, its devices): that account alone, not staff.
 * - `system`: reachable only through a named system path.
 *
 * Keyed by every model Prisma knows, so a new model without a scope does not
 * compile.
 */
export type ModelScope = 'public' | 'tenant' | 'listed' | 'customer' | 'account' | 'system';

export const MODEL_SCOPES: Record<Prisma.ModelName, ModelScope> = {
  Organization: 'public',
  MemberProfile: 'tenant',
  LedgerEntry: 'tenant',
  RevokedTicketCode: 'tenant',
  DiscountCode: 'tenant',
  PaymentSettings: 'tenant',
  ReceiptSequence: 'tenant',
  Category: 'listed',
  Event: 'listed',
  TicketType: 'listed',
  SeatPool: 'listed',
  Campaign: 'listed',
  Publication: 'listed',
  IdempotencyRecord: 'customer',
  Order: 'customer',
  OrderItem: 'customer',
  Ticket: 'customer',
  Payment: 'customer',
  Refund: 'customer',
  CheckIn: 'customer',
  TicketTransfer: 'customer',
  WaitlistEntry: 'customer',
  Donation: 'customer',
  RecurringDonation: 'customer',
  Notification: 'account',
  NotificationPreference: 'account',
  PushDevice: 'account',
  PushTicket: 'account',
  ProcessedEvent: 'system',
  MemberVersion: 'system',
  AccountVersion: 'system',
  SystemAuditEntry: 'system',
  OutboxEvent: 'system',
  PaymentEvent: 'system',
};

type Where = Record<string, unknown>;

/**
 * What makes a listed row public (row-level security says the same): once
 * published, and for ticket types only when not hidden (or when the caller
 * bought one, which a discount code had unlocked). The public client refuses a
 * model that has no entry here.
 */
export const PUBLIC_READS: Partial<
  Record<Prisma.ModelName, (callerId: string | undefined) => Where>
> = {
  Category: () => ({ publicSince: { not: null } }),
  Event: () => ({ publicSince: { not: null } }),
  TicketType: (callerId) => ({
    publicSince: { not: null },
    OR: [{ hidden: false }, ...(callerId ? [{ orderItems: { some: { userId: callerId } } }] : [])],
  }),
  SeatPool: () => ({ publicSince: { not: null } }),
  Campaign: () => ({ publicSince: { not: null } }),
  // Inside its window too: the feed adds that condition, with the time it reads at.
  Publication: () => ({ status: 'PUBLISHED' }),
};
