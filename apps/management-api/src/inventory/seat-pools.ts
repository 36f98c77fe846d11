import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { databaseErrorCode, violatedConstraint } from '../common/prisma-errors.js';
import { combined, type SqlExecutor } from '../common/sql-executor.js';
import { Prisma, type SeatPool } from '../generated/prisma/client.js';

export const SOLD_OUT = 'SOLD_OUT';
export const SALES_CLOSED = 'SALES_CLOSED';

export interface SeatRequest {
  ticketTypeId: string;
  quantity: number;
}

type Column = 'held' | 'sold';

/** A pool's counts, as read under its lock. */
export type PoolCounts = Pick<SeatPool, 'capacity' | 'sold' | 'held' | 'waiting' | 'onSale'>;

function soldOut(): AppError {
  return new AppError('CONFLICT', 'Not enough seats are left for this order', { reason: SOLD_OUT });
}

/**
 * Seats of ticket types and events (table seat_pools). Every change is one
 * statement (the database function change_seats): the database's check
 * constraint refuses any change that would oversell, whichever instance or
 * transaction makes it, and two orders for the same event queue on the
 * event's own pool, which every change locks first (the ticket types' pools
 * after it, so no two orders deadlock). One round trip keeps that lock short.
 */
@Injectable()
export class SeatPools {
  /**
   * Holds (a pending order) or sells (a paid one) seats; SOLD_OUT when they
   * do not fit. `alongside` (data-changing statements, e.g. the order's own
   * rows) run in the same statement, so the event's pool is locked from that
   * one round trip to the commit and no longer.
   */
  take(
    unit: SqlExecutor,
    eventId: string,
    seats: SeatRequest[],
    column: Column,
    alongside: Prisma.Sql[] = [],
  ): Promise<void> {
    return this.change(unit, eventId, seats, column, 1, alongside);
  }

  /** Returns held or sold seats to sale (an order expired, cancelled or refunded). */
  giveBack(
    unit: SqlExecutor,
    eventId: string,
    seats: SeatRequest[],
    column: Column,
  ): Promise<void> {
    return this.change(unit, eventId, seats, column, -1);
  }

  /**
   * Locks an event's pool, then one ticket type's (the order every seat
   * change takes), until the unit ends; undefined when either is out of reach.
   */
  async lock(
    unit: SqlExecutor,
    eventId: string,
    ticketTypeId: string,
  ): Promise<{ event: PoolCounts; type: PoolCounts } | undefined> {
    const pool = async (id: string) =>
      (
        await unit.query<{
          capacity: number | null;
          sold: number;
          held: number;
          waiting: number;
          on_sale: boolean;
        }>(Prisma.sql`SELECT capacity, sold, held, waiting, on_sale FROM seat_pools
                      WHERE id = ${id}::uuid AND event_id = ${eventId}::uuid FOR UPDATE`)
      ).map((row): PoolCounts => ({
        capacity: row.capacity,
        sold: row.sold,
        held: row.held,
        waiting: row.waiting,
        onSale: row.on_sale,
      }))[0];
    const event = await pool(eventId);
    const type = event ? await pool(ticketTypeId) : undefined;
    return event && type ? { event, type } : undefined;
  }

  /**
   * SOLD_OUT when someone waits for any of these ticket types: seats freed
   * while people wait are theirs first (the waiting list offers them).
   */
  async refuseWhileWaiting(unit: SqlExecutor, ticketTypeIds: string[]): Promise<void> {
    const [waited] = await unit.query<{ id: string }>(
      Prisma.sql`SELECT id FROM seat_pools WHERE id = ANY(${ticketTypeIds}::uuid[]) AND waiting > 0 LIMIT 1`,
    );
    if (waited) throw soldOut();
  }

  /** A held order was paid: its seats move from held to sold, taking no new capacity. */
  async settleHeld(unit: SqlExecutor, eventId: string, seats: SeatRequest[]): Promise<void> {
    const ids = [eventId, ...seats.map((seat) => seat.ticketTypeId)];
    const quantities = [total(seats), ...seats.map((seat) => seat.quantity)];
    await unit.execute(Prisma.sql`
      UPDATE seat_pools AS pool SET held = pool.held - change.quantity, sold = pool.sold + change.quantity
      FROM unnest(${ids}::uuid[], ${quantities}::int[]) AS change(id, quantity)
      WHERE pool.id = change.id`);
  }

  private async change(
    unit: SqlExecutor,
    eventId: string,
    seats: SeatRequest[],
    column: Column,
    sign: 1 | -1,
    alongside: Prisma.Sql[] = [],
  ): Promise<void> {
    const change = Prisma.sql`
      SELECT change_seats(${eventId}::uuid, ${seats.map((seat) => seat.ticketTypeId)}::uuid[],
                          ${seats.map((seat) => sign * seat.quantity)}::int[], ${column}) AS complete`;
    try {
      const [result] = await unit.query<{ complete: boolean }>(combined(alongside, change));
      if (!result?.complete) {
        // Not on sale (row-level security hid it from a buyer) or not this event's.
        throw new AppError('CONFLICT', 'These tickets are not on sale', { reason: SALES_CLOSED });
      }
    } catch (error) {
      if (
        databaseErrorCode(error) === '23514' &&
        violatedConstraint(error) === 'seat_pools_never_oversold'
      ) {
        throw soldOut();
      }
      throw error;
    }
  }
}

function total(seats: SeatRequest[]): number {
  return seats.reduce((sum, seat) => sum + seat.quantity, 0);
}

/** Seats left in a pool; null when it has no limit. */
export function left(pool: Pick<SeatPool, 'capacity' | 'sold' | 'held'>): number | null {
  return pool.capacity === null ? null : Math.max(pool.capacity - pool.sold - pool.held, 0);
}

/**
 * What a ticket type can still sell to anyone: the smaller of its own seats
 * and its event's, and none while people wait for it (theirs come first).
 */
export function available(
  typePool: Pick<SeatPool, 'capacity' | 'sold' | 'held' | 'waiting'>,
  eventPool: Pick<SeatPool, 'capacity' | 'sold' | 'held'> | undefined,
): number {
  if (typePool.waiting > 0) return 0;
  return free(typePool, eventPool);
}

/** Seats neither sold nor held, in the ticket type's pool and its event's. */
export function free(
  typePool: Pick<SeatPool, 'capacity' | 'sold' | 'held'>,
  eventPool: Pick<SeatPool, 'capacity' | 'sold' | 'held'> | undefined,
): number {
  const own = left(typePool) ?? Number.MAX_SAFE_INTEGER;
  const event = eventPool ? (left(eventPool) ?? Number.MAX_SAFE_INTEGER) : Number.MAX_SAFE_INTEGER;
  return Math.min(own, event);
}
