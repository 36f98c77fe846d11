import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { randomUUID } from 'node:crypto';
import { Prisma } from '../generated/prisma/client.js';
import type { LedgerAccount } from '../generated/prisma/enums.js';
import type { SqlExecutor } from '../common/sql-executor.js';

export type LedgerKind = 'PAYMENT' | 'REFUND' | 'FEE' | 'REVERSAL';

export interface LedgerLine {
  account: LedgerAccount;
  /** Debits positive, credits negative, in minor units. */
  amount: bigint;
}

export interface LedgerPosting {
  organizationId: string;
  currency: string;
  kind: LedgerKind;
  lines: LedgerLine[];
  orderId?: string | null;
  paymentId?: string;
  refundId?: string;
  donationId?: string | null;
  /** The campaign a gift's entries count toward. */
  campaignId?: string | null;
}

/**
 * The double-entry ledger (anchor: Open Collective's transactions): every
 * money movement is one group of entries that sums to zero, written in the
 * caller's unit of work, so it commits or rolls back with the change it
 * records. The database checks the balance again when the transaction
 * commits, and refuses updates and deletes: corrections are new groups.
 */
@Injectable()
export class Ledger {
  /** Writes one balanced group; returns its id. */
  async post(unit: SqlExecutor, posting: LedgerPosting): Promise<string> {
    const lines = posting.lines.filter((line) => line.amount !== 0n);
    const sum = lines.reduce((total, line) => total + line.amount, 0n);
    if (lines.length < 2 || sum !== 0n) {
      throw new AppError('INTERNAL', `A ledger group must balance (left over: ${sum})`);
    }
    const groupId = randomUUID();
    const rows = lines.map(
      (line) =>
        Prisma.sql`(${randomUUID()}::uuid, ${posting.organizationId}::uuid, ${groupId}::uuid,
          ${line.account}::ledger_account, ${line.amount}, ${posting.currency}, ${posting.kind},
          ${posting.orderId ?? null}::uuid, ${posting.paymentId ?? null}::uuid, ${posting.refundId ?? null}::uuid,
          ${posting.donationId ?? null}::uuid, ${posting.campaignId ?? null}::uuid)`,
    );
    await unit.execute(Prisma.sql`
      INSERT INTO ledger_entries
        (id, organization_id, group_id, account, amount, currency, kind, order_id, payment_id, refund_id,
         donation_id, campaign_id)
      VALUES ${Prisma.join(rows)}`);
    return groupId;
  }
}

/** A buyer paid for tickets: the organization's cash up, ticket revenue credited. */
export const ticketSale = (amount: bigint): LedgerLine[] => [
  { account: 'CASH', amount },
  { account: 'TICKET_SALES', amount: -amount },
];

/** Money returned on tickets: the sale reversed by that much. */
export const ticketRefund = (amount: bigint): LedgerLine[] => [
  { account: 'TICKET_SALES', amount },
  { account: 'CASH', amount: -amount },
];

/**
 * A gift arrived: the organization's cash up by what was charged, the gift
 * credited to donations and the fee the donor chose to cover to its own account.
 */
export const giftReceived = (amount: bigint, feeCovered: bigint): LedgerLine[] => [
  { account: 'CASH', amount: amount + feeCovered },
  { account: 'DONATIONS', amount: -amount },
  { account: 'FEES_COVERED', amount: -feeCovered },
];

/** Money returned on a gift: the gift and the covered fee reversed by those parts. */
export const giftReturned = (amount: bigint, feeCovered: bigint): LedgerLine[] => [
  { account: 'DONATIONS', amount },
  { account: 'FEES_COVERED', amount: feeCovered },
  { account: 'CASH', amount: -(amount + feeCovered) },
];
