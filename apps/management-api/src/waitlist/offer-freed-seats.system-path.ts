import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type BackgroundLoop, startLoop } from '../common/background-loop.js';
import { executorOf, type SqlExecutor } from '../common/sql-executor.js';
import { InjectConfig, type ManagementConfig } from '../config/config.module.js';
import { SystemDatabase } from '../database/system-database.js';
import { Prisma } from '../generated/prisma/client.js';
import { free, SeatPools } from '../inventory/seat-pools.js';
import { Outbox } from '../outbox/outbox.js';

/** Ticket types looked at per round; a full round runs the next at once. */
const BATCH = 50;
/** Entries offered per ticket type per round. */
const OFFERS_PER_TYPE = 100;

interface Candidate {
  ticket_type_id: string;
  event_id: string;
}

export interface OfferRound {
  offered: number;
  lapsed: number;
  closed: number;
  /** Ticket types looked at. */
  types: number;
}

/**
 * The waiting list's engine, across every organization: offers lapse when
 * their time is up (their seats return), entries of ticket types no longer on
 * sale expire, and free seats are offered to the entries still waiting in the
 * order they joined, each offer holding its seats. Each ticket type is
 * settled in its own transaction under its event's seat-pool lock, which
 * orders, redemptions and every other instance of this job take too: an
 * entry is offered once, whichever instance gets there first. The only entry
 * point of the waiting-list path.
 */
@Injectable()
export class OfferFreedSeats implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OfferFreedSeats.name);
  private loop?: BackgroundLoop;

  constructor(
    @InjectConfig() private readonly config: ManagementConfig,
    private readonly system: SystemDatabase,
    private readonly seats: SeatPools,
    private readonly outbox: Outbox,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.BACKGROUND_JOBS) return;
    this.loop = startLoop({
      name: 'waiting-list offers',
      logger: this.logger,
      idleMs: this.config.WAITLIST_INTERVAL_SECONDS * 1000,
      round: async () => {
        const round = await this.run();
        if (round.offered + round.lapsed + round.closed > 0) {
          this.logger.log(round, 'settled waiting lists');
        }
        return { more: round.types === BATCH };
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop?.stop();
  }

  /** One round over the ticket types that have something to settle. */
  async run(now = new Date()): Promise<OfferRound> {
    const candidates = await this.system.run(
      'waitlist.offers',
      { actor: 'order-jobs', reason: 'find waiting lists to settle', quietWhenIdle: true },
      (tx) => tx.$queryRaw<Candidate[]>`
        SELECT ticket_type_id, event_id FROM waitlist_entries
         WHERE status = 'OFFERED' AND offered_until <= ${now}
        UNION
        SELECT entry.ticket_type_id, entry.event_id FROM waitlist_entries entry
          JOIN seat_pools pool ON pool.id = entry.ticket_type_id
          JOIN ticket_types type ON type.id = entry.ticket_type_id
          JOIN events event ON event.id = entry.event_id
         WHERE entry.status = 'OFFERED' AND (NOT pool.on_sale OR event.status <> 'PUBLISHED'
               OR coalesce(type.sales_end_at, event.ends_at) <= ${now})
        UNION
        SELECT pool.id, pool.event_id FROM seat_pools pool
          JOIN seat_pools event_pool ON event_pool.id = pool.event_id
          JOIN ticket_types type ON type.id = pool.id
          JOIN events event ON event.id = pool.event_id
         WHERE pool.waiting > 0 AND (
               NOT pool.on_sale OR event.status <> 'PUBLISHED'
            OR coalesce(type.sales_end_at, event.ends_at) <= ${now}
            OR ((pool.capacity IS NULL OR pool.capacity > pool.sold + pool.held)
                AND (event_pool.capacity IS NULL OR event_pool.capacity > event_pool.sold + event_pool.held)))
        LIMIT ${BATCH}`,
    );
    const round: OfferRound = { offered: 0, lapsed: 0, closed: 0, types: candidates.length };
    for (const candidate of candidates) {
      const settled = await this.settle(candidate, now);
      round.offered += settled.offered;
      round.lapsed += settled.lapsed;
      round.closed += settled.closed;
    }
    return round;
  }

  private settle(candidate: Candidate, now: Date): Promise<Omit<OfferRound, 'types'>> {
    return this.system.run(
      'waitlist.offers',
      {
        actor: 'order-jobs',
        reason: 'offer freed seats to the waiting list',
        detail: { ticketTypeId: candidate.ticket_type_id },
        quietWhenIdle: true,
      },
      async (tx, audit) => {
        const sql = executorOf(tx);
        const { event_id: eventId, ticket_type_id: ticketTypeId } = candidate;
        const pools = await this.seats.lock(sql, eventId, ticketTypeId);
        if (!pools) return { offered: 0, lapsed: 0, closed: 0 };
        const lapsed = await this.endOffers(sql, ticketTypeId, eventId, now, 'lapsed');
        const [context] = await sql.query<{
          open: boolean;
          title: string;
          starts_at: Date;
          timezone: string;
          type_name: string;
          organization_name: string;
        }>(Prisma.sql`
          SELECT (pool.on_sale AND event.status = 'PUBLISHED'
                  AND coalesce(type.sales_end_at, event.ends_at) > ${now}) AS open,
                 event.title, event.starts_at, event.timezone, type.name AS type_name,
                 organization.name AS organization_name
            FROM seat_pools pool
            JOIN ticket_types type ON type.id = pool.id
            JOIN events event ON event.id = pool.event_id
            JOIN organizations organization ON organization.id = event.organization_id
           WHERE pool.id = ${ticketTypeId}::uuid`);
        if (!context?.open) {
          const closed = await this.endOffers(sql, ticketTypeId, eventId, now, 'closed');
          audit.touched(lapsed + closed);
          return { offered: 0, lapsed, closed };
        }

        const after = (await this.seats.lock(sql, eventId, ticketTypeId))!;
        let seatsLeft = free(after.type, after.event);
        const waiting = await sql.query<{
          id: string;
          organization_id: string;
          user_id: string;
          quantity: number;
          email: string;
          name: string;
        }>(Prisma.sql`
          SELECT id, organization_id, user_id, quantity, email, name FROM waitlist_entries
           WHERE ticket_type_id = ${ticketTypeId}::uuid AND status = 'WAITING'
           ORDER BY created_at, id LIMIT ${OFFERS_PER_TYPE} FOR UPDATE`);
        const offeredUntil = new Date(now.getTime() + this.config.WAITLIST_OFFER_HOURS * 3_600_000);
        let offered = 0;
        for (const entry of waiting) {
          // In line order: the first who cannot be served holds the line (nobody jumps it).
          if (entry.quantity > seatsLeft) break;
          await sql.execute(Prisma.sql`
            UPDATE waitlist_entries SET status = 'OFFERED', offered_at = ${now},
                   offered_until = ${offeredUntil}, updated_at = now()
             WHERE id = ${entry.id}::uuid`);
          await this.seats.take(sql, eventId, [{ ticketTypeId, quantity: entry.quantity }], 'held');
          await this.outbox.record(sql, {
            type: 'waitlist.offered',
            organizationId: entry.organization_id,
            userId: entry.user_id,
            payload: {
              entryId: entry.id,
              eventId,
              eventTitle: context.title,
              startsAt: context.starts_at.toISOString(),
              timezone: context.timezone,
              organizationName: context.organization_name,
              ticketTypeId,
              ticketTypeName: context.type_name,
              quantity: entry.quantity,
              offeredUntil: offeredUntil.toISOString(),
              email: entry.email,
              name: entry.name,
            },
          });
          seatsLeft -= entry.quantity;
          offered++;
        }
        audit.touched(lapsed + offered);
        return { offered, lapsed, closed: 0 };
      },
    );
  }

  /**
   * Ends offers (and, when sales closed, the waiting too): their seats return
   * to the pools. Answers how many entries ended.
   */
  private async endOffers(
    sql: SqlExecutor,
    ticketTypeId: string,
    eventId: string,
    now: Date,
    why: 'lapsed' | 'closed',
  ): Promise<number> {
    const ended = await sql.query<{ status: string; quantity: number }>(
      why === 'lapsed'
        ? Prisma.sql`
          UPDATE waitlist_entries SET status = 'EXPIRED', updated_at = now()
           WHERE ticket_type_id = ${ticketTypeId}::uuid AND status = 'OFFERED' AND offered_until <= ${now}
          RETURNING 'OFFERED' AS status, quantity`
        : Prisma.sql`
          UPDATE waitlist_entries entry SET status = 'EXPIRED', updated_at = now()
            FROM (SELECT id, status FROM waitlist_entries
                   WHERE ticket_type_id = ${ticketTypeId}::uuid AND status IN ('WAITING', 'OFFERED')
                   FOR UPDATE) AS before
           WHERE entry.id = before.id
          RETURNING before.status::text AS status, entry.quantity`,
    );
    const held = ended
      .filter((entry) => entry.status === 'OFFERED')
      .reduce((sum, entry) => sum + entry.quantity, 0);
    if (held > 0) {
      await this.seats.giveBack(sql, eventId, [{ ticketTypeId, quantity: held }], 'held');
    }
    return ended.length;
  }
}
