import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { randomUUID } from 'node:crypto';
import { combined } from '../common/sql-executor.js';
import { EventsService } from '../events/events.service.js';
import { Prisma, type Ticket } from '../generated/prisma/client.js';
import { Outbox } from '../outbox/outbox.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { UnitOfWork, type UnitTransaction } from '../tenancy/unit-of-work.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import {
  ALREADY_CHECKED_IN,
  EVENT_NOT_PUBLISHED,
  SUPERSEDED_BY_EARLIER_SCAN,
  TICKET_VOID,
} from './door-reasons.js';
import { ScannedTicket } from './scanned-ticket.js';

export interface Scan {
  eventId: string;
  payload: string;
  nonce: string;
  scannedAt: Date;
  source: 'ONLINE' | 'OFFLINE';
}

export type Verdict =
  | { outcome: 'ADMITTED'; ticket: Ticket; firstScan: boolean }
  | { outcome: 'DUPLICATE'; ticket: Ticket }
  | { outcome: 'REJECTED'; ticket: Ticket | null; reason: string; firstScan: boolean };

interface CheckInRow {
  id: string;
  ticket_id: string;
  outcome: string;
  reason: string | null;
  source: string;
  scanned_at: Date;
}

/**
 * Admissions at the door, one rule for scans made online and scans uploaded
 * by a scanner that was offline: a nonce is one scan (again, it is a no-op
 * that answers the first result), a ticket admits once (a conditional update,
 * so two doors at the same instant admit it once), the earliest offline scan
 * wins among offline ones, and an online admission already recorded always
 * wins. Every scan of a known ticket is recorded, refusals included.
 */
@Injectable()
export class DoorCheckIns {
  constructor(
    private readonly units: UnitOfWork,
    private readonly db: TenantDatabase,
    private readonly scanned: ScannedTicket,
    private readonly events: EventsService,
    private readonly outbox: Outbox,
  ) {}

  /** Every scan in one unit of work (the event's check with them), earliest first. */
  async record(scope: TenantScope, actorId: string, scans: Scan[]): Promise<Verdict[]> {
    const eventIds = new Set(scans.map((scan) => scan.eventId));
    const order = scans
      .map((scan, index) => ({ scan, index }))
      .sort((a, b) => a.scan.scannedAt.getTime() - b.scan.scannedAt.getTime());
    return this.units.run(
      async (unit) => {
        for (const eventId of eventIds) {
          const event = await this.events.get(scope, eventId);
          if (event.status !== 'PUBLISHED') {
            throw new AppError('CONFLICT', 'Check-in is open only while the event is published', {
              reason: EVENT_NOT_PUBLISHED,
            });
          }
        }
        const verdicts = new Array<Verdict>(scans.length);
        for (const { scan, index } of order)
          verdicts[index] = await this.one(unit, scope, actorId, scan);
        return verdicts;
      },
      { timeoutMs: 60_000 },
    );
  }

  private async one(
    unit: UnitTransaction,
    scope: TenantScope,
    actorId: string,
    scan: Scan,
  ): Promise<Verdict> {
    const resolved = await this.scanned.resolve(scope, scan.eventId, scan.payload);
    if ('reason' in resolved)
      return { outcome: 'REJECTED', ticket: null, reason: resolved.reason, firstScan: true };
    const { ticket } = resolved;
    const [claimed] = await unit.query<{ id: string }>(Prisma.sql`
      INSERT INTO check_ins (id, organization_id, user_id, event_id, ticket_id, nonce, source, outcome, scanned_at, actor_id)
      VALUES (${randomUUID()}::uuid, ${scope.organizationId}::uuid, ${ticket.userId}, ${ticket.eventId}::uuid,
              ${ticket.id}::uuid, ${scan.nonce}, ${scan.source}, 'PENDING', ${scan.scannedAt}, ${actorId})
      ON CONFLICT (organization_id, nonce) DO NOTHING RETURNING id`);
    if (!claimed) return this.replay(unit, scope, scan, ticket);

    const verdict = await this.admit(unit, scope, actorId, scan, ticket);
    const outcome = Prisma.sql`
      UPDATE check_ins SET outcome = ${verdict.outcome}, reason = ${'reason' in verdict ? verdict.reason : null}
      WHERE id = ${claimed.id}::uuid`;
    // The scan's outcome and, for an admission, ticket.checked_in in one round trip.
    await unit.execute(
      verdict.outcome === 'ADMITTED'
        ? combined([
            outcome,
            this.outbox.statement({
              type: 'ticket.checked_in',
              organizationId: scope.organizationId,
              userId: ticket.userId,
              payload: {
                ticketId: ticket.id,
                eventId: ticket.eventId,
                checkedInAt: verdict.ticket.checkedInAt!.toISOString(),
              },
            }),
          ])
        : outcome,
    );
    return verdict;
  }

  private async admit(
    unit: UnitTransaction,
    scope: TenantScope,
    actorId: string,
    scan: Scan,
    ticket: Ticket,
  ): Promise<Verdict> {
    if (ticket.status === 'VOID')
      return { outcome: 'REJECTED', ticket, reason: TICKET_VOID, firstScan: true };
    const admitted = await unit.execute(Prisma.sql`
      UPDATE tickets SET status = 'CHECKED_IN', checked_in_at = ${scan.scannedAt}, checked_in_by = ${actorId}, updated_at = now()
      WHERE id = ${ticket.id}::uuid AND status = 'VALID'`);
    if (admitted === 1)
      return { outcome: 'ADMITTED', ticket: await this.reload(scope, ticket.id), firstScan: true };

    const current = await this.reload(scope, ticket.id);
    if (current.status === 'VOID')
      return { outcome: 'REJECTED', ticket: current, reason: TICKET_VOID, firstScan: true };
    if (scan.source === 'OFFLINE' && current.checkedInAt && scan.scannedAt < current.checkedInAt) {
      // An earlier offline scan arrives after a later one: it takes the admission,
      // unless the admission was made online, which always wins.
      const [winner] = await unit.query<CheckInRow>(Prisma.sql`
        SELECT id, source FROM check_ins WHERE ticket_id = ${ticket.id}::uuid AND outcome = 'ADMITTED' AND undone_at IS NULL
        ORDER BY scanned_at LIMIT 1`);
      if (winner && winner.source === 'OFFLINE') {
        await unit.execute(Prisma.sql`
          UPDATE check_ins SET outcome = 'REJECTED', reason = ${SUPERSEDED_BY_EARLIER_SCAN} WHERE id = ${winner.id}::uuid`);
        await unit.execute(Prisma.sql`
          UPDATE tickets SET checked_in_at = ${scan.scannedAt}, checked_in_by = ${actorId}, updated_at = now()
          WHERE id = ${ticket.id}::uuid`);
        return {
          outcome: 'ADMITTED',
          ticket: await this.reload(scope, ticket.id),
          firstScan: true,
        };
      }
    }
    return { outcome: 'REJECTED', ticket: current, reason: ALREADY_CHECKED_IN, firstScan: true };
  }

  /** The nonce was scanned before: its first result, as it was. */
  private async replay(
    unit: UnitTransaction,
    scope: TenantScope,
    scan: Scan,
    ticket: Ticket,
  ): Promise<Verdict> {
    const [first] = await unit.query<CheckInRow>(Prisma.sql`
      SELECT id, ticket_id, outcome, reason, source, scanned_at FROM check_ins
      WHERE organization_id = ${scope.organizationId}::uuid AND nonce = ${scan.nonce}`);
    if (!first || first.ticket_id !== ticket.id) {
      throw new AppError('BAD_USER_INPUT', 'This nonce was already used for another scan');
    }
    const current = await this.reload(scope, ticket.id);
    if (scan.source === 'OFFLINE') return { outcome: 'DUPLICATE', ticket: current };
    return first.outcome === 'ADMITTED'
      ? { outcome: 'ADMITTED', ticket: current, firstScan: false }
      : {
          outcome: 'REJECTED',
          ticket: current,
          reason: first.reason ?? ALREADY_CHECKED_IN,
          firstScan: false,
        };
  }

  private async reload(scope: TenantScope, id: string): Promise<Ticket> {
    return (await this.db.client.ticket.findFirst({
      where: { organizationId: scope.organizationId, id },
    }))!;
  }
}
