import { Injectable } from '@nestjs/common';
import { AppError, requestContext } from '@trivance/shared';
import { randomUUID } from 'node:crypto';
import type { ConnectionArgs } from '../common/pagination/connection.args.js';
import {
  type KeysetOrdering,
  type KeysetPage,
  planKeyset,
  toPage,
} from '../common/pagination/keyset.js';
import { EventsService } from '../events/events.service.js';
import { Prisma, type Ticket } from '../generated/prisma/client.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { UnitOfWork } from '../tenancy/unit-of-work.js';
import { TicketSigner } from '../tickets/ticket-signer.js';
import type { AttendeeFilter, CheckInTicketInput, UploadCheckInsInput } from './dto/door.inputs.js';
import { ALREADY_CHECKED_IN, UNDO_WINDOW_MS } from './door-reasons.js';
import { DoorCheckIns, type Verdict } from './door-check-ins.js';
import {
  CheckInOutcome,
  type CheckInResultModel,
  type CheckInSnapshotModel,
  type ScanResultModel,
} from './models/door.models.js';

const BY_HOLDER: KeysetOrdering<Ticket> = {
  name: 'HOLDER',
  field: 'holderName',
  direction: 'asc',
  valueOf: (row) => row.holderName,
  parse: (value) => value,
};

/** A scan's time from a scanner's clock, never later than ours. */
const notInTheFuture = (at: Date) => new Date(Math.min(at.getTime(), Date.now()));

function refusal(verdict: Extract<Verdict, { outcome: 'REJECTED' }>): AppError {
  const checkedIn = verdict.reason === ALREADY_CHECKED_IN && verdict.ticket?.checkedInAt;
  return new AppError('CONFLICT', `Not admitted: ${verdict.reason}`, {
    reason: verdict.reason,
    ...(checkedIn
      ? {
          details: {
            checkedInAt: verdict.ticket!.checkedInAt!.toISOString(),
            checkedInBy: verdict.ticket!.checkedInBy,
          },
        }
      : {}),
  });
}

@Injectable()
export class DoorService {
  constructor(
    private readonly checkIns: DoorCheckIns,
    private readonly db: TenantDatabase,
    private readonly units: UnitOfWork,
    private readonly events: EventsService,
    private readonly signer: TicketSigner,
  ) {}

  async checkIn(scope: TenantScope, input: CheckInTicketInput): Promise<CheckInResultModel> {
    const actorId = requestContext.principal().userId;
    const [verdict] = await this.checkIns.record(scope, actorId, [
      {
        eventId: input.eventId,
        payload: input.payload,
        nonce: input.nonce ?? randomUUID(),
        scannedAt: new Date(),
        source: 'ONLINE',
      },
    ]);
    if (verdict!.outcome === 'REJECTED') throw refusal(verdict!);
    const ticket = verdict!.ticket!;
    return {
      ticket,
      checkedInAt: ticket.checkedInAt!,
      checkedInBy: ticket.checkedInBy!,
      firstScan: verdict!.outcome === 'ADMITTED' && verdict!.firstScan,
    };
  }

  async upload(scope: TenantScope, input: UploadCheckInsInput): Promise<ScanResultModel[]> {
    const actorId = requestContext.principal().userId;
    const verdicts = await this.checkIns.record(
      scope,
      actorId,
      input.scans.map((scan) => ({
        eventId: input.eventId,
        payload: scan.payload,
        nonce: scan.nonce,
        scannedAt: notInTheFuture(scan.scannedAt),
        source: 'OFFLINE' as const,
      })),
    );
    return verdicts.map((verdict, index) => ({
      nonce: input.scans[index]!.nonce,
      ticketId: verdict.ticket?.id ?? null,
      outcome: CheckInOutcome[verdict.outcome],
      reason: verdict.outcome === 'REJECTED' ? verdict.reason : null,
    }));
  }

  async snapshot(scope: TenantScope, eventId: string): Promise<CheckInSnapshotModel> {
    await this.events.get(scope, eventId);
    const [voided, revoked] = await Promise.all([
      this.db.client.ticket.findMany({
        where: { organizationId: scope.organizationId, eventId, status: 'VOID' },
        select: { code: true },
      }),
      this.db.client.revokedTicketCode.findMany({
        where: { organizationId: scope.organizationId, eventId },
        select: { code: true },
      }),
    ]);
    return {
      keys: this.signer.keys(),
      publicKey: this.signer.currentKey.publicKey,
      revokedCodes: [...new Set([...voided, ...revoked].map((row) => row.code))].sort(),
      generatedAt: new Date(),
    };
  }

  /** Takes back a check-in made by mistake, within ten minutes; the record keeps who did. */
  async undo(scope: TenantScope, ticketId: string): Promise<Ticket> {
    const actorId = requestContext.principal().userId;
    return this.units.run(async (unit) => {
      const [row] = await unit.query<{ id: string; recorded_at: Date }>(Prisma.sql`
        SELECT c.id, c.recorded_at FROM check_ins c JOIN tickets t ON t.id = c.ticket_id
        WHERE c.organization_id = ${scope.organizationId}::uuid AND c.ticket_id = ${ticketId}::uuid
          AND c.outcome = 'ADMITTED' AND c.undone_at IS NULL AND t.status = 'CHECKED_IN'
        ORDER BY c.recorded_at DESC LIMIT 1 FOR UPDATE OF t`);
      if (!row) throw new AppError('NOT_FOUND', 'No check-in of this ticket to undo');
      if (Date.now() - row.recorded_at.getTime() > UNDO_WINDOW_MS) {
        throw new AppError('CONFLICT', 'A check-in can be undone within 10 minutes only', {
          reason: 'UNDO_WINDOW_PASSED',
        });
      }
      await unit.execute(
        Prisma.sql`UPDATE check_ins SET undone_at = now(), undone_by = ${actorId} WHERE id = ${row.id}::uuid`,
      );
      await unit.execute(Prisma.sql`
        UPDATE tickets SET status = 'VALID', checked_in_at = NULL, checked_in_by = NULL, updated_at = now()
        WHERE id = ${ticketId}::uuid`);
      return (await this.db.client.ticket.findFirst({
        where: { organizationId: scope.organizationId, id: ticketId },
      }))!;
    });
  }

  async attendees(
    scope: TenantScope,
    eventId: string,
    filter: AttendeeFilter,
    args: ConnectionArgs,
  ): Promise<KeysetPage<Ticket>> {
    await this.events.get(scope, eventId);
    const plan = planKeyset(args, BY_HOLDER);
    const search = filter.search?.trim();
    const rows = await this.db.client.ticket.findMany({
      where: {
        AND: [
          {
            organizationId: scope.organizationId,
            eventId,
            status:
              filter.checkedIn == null
                ? { not: 'VOID' }
                : filter.checkedIn
                  ? 'CHECKED_IN'
                  : 'VALID',
            ...(search
              ? {
                  OR: [
                    { holderName: { contains: search, mode: 'insensitive' as const } },
                    { holderEmail: { contains: search, mode: 'insensitive' as const } },
                    { code: search.toUpperCase().replace(/[\s-]/g, '') },
                  ],
                }
              : {}),
          },
          plan.where ?? {},
        ],
      },
      orderBy: plan.orderBy,
      take: plan.take,
    });
    return toPage(rows, plan, BY_HOLDER, args);
  }

  async stats(scope: TenantScope, eventId: string): Promise<{ checkedIn: number; total: number }> {
    await this.events.get(scope, eventId);
    const counts = await this.db.client.ticket.groupBy({
      by: ['status'],
      where: { organizationId: scope.organizationId, eventId, status: { not: 'VOID' } },
      _count: { _all: true },
    });
    const checkedIn = counts.find((row) => row.status === 'CHECKED_IN')?._count._all ?? 0;
    return { checkedIn, total: counts.reduce((sum, row) => sum + row._count._all, 0) };
  }
}
