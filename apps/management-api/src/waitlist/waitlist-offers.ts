import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import type { SqlExecutor } from '../common/sql-executor.js';
import { ILLEGAL_STATE_TRANSITION } from '../events/event-status.js';
import { Prisma } from '../generated/prisma/client.js';
import { SeatPools } from '../inventory/seat-pools.js';
import { WAITLIST_OFFER_UNAVAILABLE } from './waitlist-reasons.js';

export interface HeldOffer {
  id: string;
  eventId: string;
  ticketTypeId: string;
  quantity: number;
}

const unavailable = () =>
  new AppError('CONFLICT', 'This waiting-list entry holds no offer now', {
    reason: WAITLIST_OFFER_UNAVAILABLE,
  });

/**
 * The seats an offer holds, as the person it was made to uses or declines
 * them. Each call locks the event's seat pools first, then the entry: the
 * order every change to an event's seats takes, so none deadlock.
 */
@Injectable()
export class WaitlistOffers {
  constructor(private readonly seats: SeatPools) {}

  /**
   * Takes the caller's live offer for `ticketTypeId` and gives its seats
   * back to the pools, in the unit that orders them instead (the order takes
   * its own right after, so nobody else can get in between). NOT_FOUND for
   * someone else's entry; WAITLIST_OFFER_UNAVAILABLE once it is used,
   * lapsed or left.
   */
  async takeForOrder(
    unit: SqlExecutor,
    entryId: string,
    userId: string,
    eventId: string,
    now: Date,
  ): Promise<HeldOffer> {
    const entry = await this.lockOwn(unit, entryId, userId, eventId);
    if (entry.status !== 'OFFERED' || !entry.offeredUntil || entry.offeredUntil <= now) {
      throw unavailable();
    }
    await this.release(unit, entry);
    return entry;
  }

  /** The offer was redeemed by this order. */
  async fulfil(unit: SqlExecutor, entryId: string, orderId: string): Promise<void> {
    await unit.execute(Prisma.sql`
      UPDATE waitlist_entries SET status = 'FULFILLED', order_id = ${orderId}::uuid, updated_at = now()
      WHERE id = ${entryId}::uuid AND status = 'OFFERED'`);
  }

  /** The caller leaves the line (or declines an offer, whose seats return at once). */
  async leave(unit: SqlExecutor, entryId: string, userId: string): Promise<void> {
    const [located] = await unit.query<{ event_id: string }>(
      Prisma.sql`SELECT event_id FROM waitlist_entries WHERE id = ${entryId}::uuid AND user_id = ${userId}`,
    );
    if (!located) throw new AppError('NOT_FOUND', 'Waiting-list entry not found');
    const entry = await this.lockOwn(unit, entryId, userId, located.event_id);
    if (entry.status !== 'WAITING' && entry.status !== 'OFFERED') {
      throw new AppError('CONFLICT', `An entry that is ${entry.status} cannot be left`, {
        reason: ILLEGAL_STATE_TRANSITION,
      });
    }
    if (entry.status === 'OFFERED') await this.release(unit, entry);
    await unit.execute(Prisma.sql`
      UPDATE waitlist_entries SET status = 'LEFT', updated_at = now() WHERE id = ${entryId}::uuid`);
  }

  private async lockOwn(unit: SqlExecutor, entryId: string, userId: string, eventId: string) {
    const [located] = await unit.query<{ ticket_type_id: string }>(
      Prisma.sql`SELECT ticket_type_id FROM waitlist_entries
                 WHERE id = ${entryId}::uuid AND user_id = ${userId} AND event_id = ${eventId}::uuid`,
    );
    if (!located) throw new AppError('NOT_FOUND', 'Waiting-list entry not found');
    await this.seats.lock(unit, eventId, located.ticket_type_id);
    const [row] = await unit.query<{
      status: string;
      quantity: number;
      offered_until: Date | null;
    }>(Prisma.sql`SELECT status, quantity, offered_until FROM waitlist_entries
                  WHERE id = ${entryId}::uuid FOR UPDATE`);
    return {
      id: entryId,
      eventId,
      ticketTypeId: located.ticket_type_id,
      status: row!.status,
      quantity: row!.quantity,
      offeredUntil: row!.offered_until,
    };
  }

  private release(unit: SqlExecutor, offer: HeldOffer): Promise<void> {
    return this.seats.giveBack(
      unit,
      offer.eventId,
      [{ ticketTypeId: offer.ticketTypeId, quantity: offer.quantity }],
      'held',
    );
  }
}
