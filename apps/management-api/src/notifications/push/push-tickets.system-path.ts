import { Injectable } from '@nestjs/common';
import { SystemDatabase } from '../../database/system-database.js';
import type { PushTicketOutcome } from '../../generated/prisma/enums.js';

/** One notification for one account, as the inbox hands it to push. */
export interface PushRecipient {
  userId: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  /** The inbox notification it carries: delivering it again to the same device sends nothing. */
  notificationId?: string;
}

/** A message recorded for one device and not yet accepted by Expo. */
export interface PendingPush {
  id: string;
  userId: string;
  token: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  notificationId: string | null;
  /** Sends so far, this one included. */
  attempts: number;
}

/** What one send made of a pending message. */
export interface PushSettlement {
  id: string;
  token: string;
  outcome: Extract<PushTicketOutcome, 'PENDING' | 'ACCEPTED' | 'DEVICE_NOT_REGISTERED' | 'FAILED'>;
  ticketId?: string;
  error?: string;
  /** For PENDING: when to send it again. */
  retryAt?: Date;
}

/** An accepted message whose receipt is due. */
export interface DueReceipt {
  id: string;
  ticketId: string;
  token: string;
  sentAt: Date;
}

export interface ReceiptSettlement {
  id: string;
  token: string;
  outcome: Extract<PushTicketOutcome, 'DELIVERED' | 'DEVICE_NOT_REGISTERED' | 'FAILED' | 'EXPIRED'>;
  error?: string;
}

interface PendingRow {
  id: string;
  user_id: string;
  device_token: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  notification_id: string | null;
  attempts: number;
}

const toPending = (row: PendingRow): PendingPush => ({
  id: row.id,
  userId: row.user_id,
  token: row.device_token,
  title: row.title,
  body: row.body,
  data: row.data,
  notificationId: row.notification_id,
  attempts: row.attempts,
});

const TITLE_LENGTH = 200;
const BODY_LENGTH = 1000;

/**
 * The push.deliver and push.receipts paths: every account's devices and push
 * tickets, for the delivery service and the receipts job. A message is
 * recorded (PENDING) before it is sent, so one Expo does not accept is sent
 * again later, and it leaves PENDING at most once: every settlement is
 * conditional on the row still being PENDING (or ACCEPTED for receipts), so
 * two instances, or a replay, never settle or send it twice.
 */
@Injectable()
export class PushTicketStore {
  constructor(private readonly system: SystemDatabase) {}

  /**
   * Records one message per device of each recipient, leased to the caller
   * until `leaseUntil` (the receipts job resends it after that if the caller
   * never settled it); a notification already recorded for a device is skipped.
   */
  prepare(recipients: PushRecipient[], leaseUntil: Date): Promise<PendingPush[]> {
    if (recipients.length === 0) return Promise.resolve([]);
    const rows = recipients.map((recipient) => ({
      user_id: recipient.userId,
      title: recipient.title.slice(0, TITLE_LENGTH),
      body: recipient.body.slice(0, BODY_LENGTH),
      data: recipient.data,
      notification_id: recipient.notificationId ?? null,
    }));
    return this.system.run(
      'push.deliver',
      { actor: 'notifications', reason: 'record push messages', quietWhenIdle: true },
      async (tx, audit) => {
        const written = await tx.$queryRaw<PendingRow[]>`
          WITH recipients AS (
            SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
              AS r(user_id text, title text, body text, data jsonb, notification_id uuid)
          )
          INSERT INTO push_tickets
            (id, user_id, device_token, notification_id, title, body, data, attempts, next_attempt_at)
          SELECT gen_random_uuid(), d.user_id, d.token, r.notification_id, r.title, r.body,
                 coalesce(r.data, '{}'::jsonb), 1, ${leaseUntil}
          FROM recipients r JOIN push_devices d ON d.user_id = r.user_id
          ORDER BY d.user_id, d.created_at
          ON CONFLICT (notification_id, device_token) DO NOTHING
          RETURNING id, user_id, device_token, title, body, data, notification_id, attempts`;
        audit.touched(written.length);
        return written.map(toPending);
      },
    );
  }

  /**
   * Takes pending messages whose time has come (never accepted by Expo:
   * refused for a while, or left by a sender that stopped), leasing them
   * until `leaseUntil`. Messages to a device that is gone are failed instead.
   */
  claimDue(now: Date, leaseUntil: Date, limit: number): Promise<PendingPush[]> {
    return this.system.run(
      'push.receipts',
      { actor: 'push', reason: 'resend push messages not yet accepted', quietWhenIdle: true },
      async (tx, audit) => {
        const orphaned = await tx.$executeRaw`
          UPDATE push_tickets t SET outcome = 'FAILED', error = 'DEVICE_REMOVED', checked_at = ${now}
          WHERE t.outcome = 'PENDING' AND t.next_attempt_at <= ${now}
            AND NOT EXISTS (SELECT 1 FROM push_devices d
                            WHERE d.token = t.device_token AND d.user_id = t.user_id)`;
        const claimed = await tx.$queryRaw<PendingRow[]>`
          UPDATE push_tickets SET next_attempt_at = ${leaseUntil}, attempts = attempts + 1
          WHERE id IN (
            SELECT id FROM push_tickets
            WHERE outcome = 'PENDING' AND next_attempt_at <= ${now}
            ORDER BY next_attempt_at LIMIT ${limit}
            FOR UPDATE SKIP LOCKED)
          RETURNING id, user_id, device_token, title, body, data, notification_id, attempts`;
        audit.touched(orphaned + claimed.length);
        return claimed.map(toPending);
      },
    );
  }

  /**
   * Applies what Expo answered for each message, and removes at once the
   * devices a ticket said are no longer registered. How many devices it removed.
   */
  settle(settlements: PushSettlement[], now: Date): Promise<number> {
    if (settlements.length === 0) return Promise.resolve(0);
    const rows = settlements.map((settlement) => ({
      id: settlement.id,
      outcome: settlement.outcome,
      ticket_id: settlement.ticketId ?? null,
      error: settlement.error?.slice(0, 64) ?? null,
      retry_at: settlement.retryAt?.toISOString() ?? null,
    }));
    const gone = [
      ...new Set(
        settlements.filter((s) => s.outcome === 'DEVICE_NOT_REGISTERED').map((s) => s.token),
      ),
    ];
    return this.system.run(
      'push.deliver',
      { actor: 'push', reason: 'record Expo push tickets' },
      async (tx, audit) => {
        const settled = await tx.$executeRaw`
          UPDATE push_tickets t SET
            outcome = s.outcome::push_ticket_outcome,
            ticket_id = s.ticket_id,
            error = s.error,
            next_attempt_at = s.retry_at,
            sent_at = CASE WHEN s.outcome = 'ACCEPTED' THEN ${now} ELSE t.sent_at END,
            checked_at = CASE WHEN s.outcome IN ('DEVICE_NOT_REGISTERED', 'FAILED')
                              THEN ${now} ELSE t.checked_at END
          FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
            AS s(id uuid, outcome text, ticket_id text, error text, retry_at timestamptz)
          WHERE t.id = s.id AND t.outcome = 'PENDING'`;
        const removed = await removeDevices(tx, gone);
        audit.touched(settled + removed);
        return removed;
      },
    );
  }

  /**
   * Takes accepted messages whose receipt is due (sent, or last asked about,
   * before `cutoff`), marking them asked about now, so another instance does
   * not ask for the same receipts before the delay passes again.
   */
  claimReceipts(now: Date, cutoff: Date, limit: number): Promise<DueReceipt[]> {
    return this.system.run(
      'push.receipts',
      { actor: 'push', reason: 'check Expo push receipts', quietWhenIdle: true },
      async (tx, audit) => {
        const rows = await tx.$queryRaw<
          { id: string; ticket_id: string; device_token: string; sent_at: Date }[]
        >`
          UPDATE push_tickets SET checked_at = ${now}
          WHERE id IN (
            SELECT id FROM push_tickets
            WHERE outcome = 'ACCEPTED' AND coalesce(checked_at, sent_at) <= ${cutoff}
            ORDER BY sent_at LIMIT ${limit}
            FOR UPDATE SKIP LOCKED)
          RETURNING id, ticket_id, device_token, sent_at`;
        audit.touched(rows.length);
        return rows.map((row) => ({
          id: row.id,
          ticketId: row.ticket_id,
          token: row.device_token,
          sentAt: row.sent_at,
        }));
      },
    );
  }

  /** Applies receipts; removes the devices they said are no longer registered. How many it removed. */
  settleReceipts(settlements: ReceiptSettlement[], now: Date): Promise<number> {
    if (settlements.length === 0) return Promise.resolve(0);
    const rows = settlements.map((settlement) => ({
      id: settlement.id,
      outcome: settlement.outcome,
      error: settlement.error?.slice(0, 64) ?? null,
    }));
    const gone = [
      ...new Set(
        settlements.filter((s) => s.outcome === 'DEVICE_NOT_REGISTERED').map((s) => s.token),
      ),
    ];
    return this.system.run(
      'push.receipts',
      { actor: 'push', reason: 'record Expo push receipts' },
      async (tx, audit) => {
        const settled = await tx.$executeRaw`
          UPDATE push_tickets t SET outcome = s.outcome::push_ticket_outcome, error = s.error,
                 checked_at = ${now}
          FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
            AS s(id uuid, outcome text, error text)
          WHERE t.id = s.id AND t.outcome = 'ACCEPTED'`;
        const removed = await removeDevices(tx, gone);
        audit.touched(settled + removed);
        return removed;
      },
    );
  }

  /** Deletes settled tickets recorded before `before` (at most `limit`); how many. */
  prune(before: Date, limit: number): Promise<number> {
    return this.system.run(
      'push.receipts',
      { actor: 'push', reason: 'prune settled push tickets', quietWhenIdle: true },
      async (tx, audit) => {
        const pruned = await tx.$executeRaw`
          DELETE FROM push_tickets WHERE id IN (
            SELECT id FROM push_tickets
            WHERE outcome NOT IN ('PENDING', 'ACCEPTED') AND created_at < ${before}
            LIMIT ${limit})`;
        audit.touched(pruned);
        return pruned;
      },
    );
  }
}

type Tx = Parameters<Parameters<SystemDatabase['run']>[2]>[0];

/** Expo says these tokens reach no device any more, whoever holds them now. */
function removeDevices(tx: Tx, tokens: string[]): Promise<number> {
  if (tokens.length === 0) return Promise.resolve(0);
  return tx.$executeRaw`DELETE FROM push_devices WHERE token = ANY(${tokens}::text[])`;
}
