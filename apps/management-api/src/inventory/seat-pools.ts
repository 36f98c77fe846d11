import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { databaseErrorCode, violatedConstraint } from '../common/prisma-errors.js';
import type { SqlExecutor } from '../common/sql-executor.js';
import { Prisma, type SeatPool } from '../generated/prisma/client.js';

export const SOLD_OUT = 'SOLD_OUT';
export const SALES_CLOSED = 'SALES_CLOSED';

export interface SeatRequest {
  ticketTypeId: string;
  quantity: number;
}

type Column = 'held' | 'sold';

function soldOut(): AppError {
  return new AppError('CONFLICT', 'Not enough seats are left for this order', { reason: SOLD_OUT });
}

/**
 * Seats of ticket types and events (table seat_pools). Every change is one
 * conditional UPDATE: the database's check constraint refuses any change that
 * would oversell, whichever instance or transaction makes it, and two orders
 * for the same event queue on the event's own pool, which every change locks
 * first (the ticket types' pools after it, so no two orders deadlock).
 */
@Injectable()
export class SeatPools {
  /** Holds (a pending order) or sells (a paid one) seats; SOLD_OUT when they do not fit. */
  take(unit: SqlExecutor, eventId: string, seats: SeatRequest[], column: Column): Promise<void> {
    return this.change(unit, eventId, seats, column, 1);
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
  ): Promise<void> {
    const sorted = [...seats].sort((a, b) => a.ticketTypeId.localeCompare(b.ticketTypeId));
    try {
      const eventRows = await unit.execute(
        Prisma.sql`UPDATE seat_pools SET ${Prisma.raw(column)} = ${Prisma.raw(column)} + ${sign * total(sorted)}
                   WHERE id = ${eventId}::uuid`,
      );
      const typeRows = await unit.execute(Prisma.sql`
        UPDATE seat_pools AS pool SET ${Prisma.raw(column)} = pool.${Prisma.raw(column)} + change.quantity
        FROM unnest(${sorted.map((seat) => seat.ticketTypeId)}::uuid[],
                    ${sorted.map((seat) => sign * seat.quantity)}::int[]) AS change(id, quantity)
        WHERE pool.id = change.id AND pool.event_id = ${eventId}::uuid`);
      if (eventRows !== 1 || typeRows !== sorted.length) {
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

/** What a ticket type can still sell: the smaller of its own seats and its event's. */
export function available(
  typePool: Pick<SeatPool, 'capacity' | 'sold' | 'held'>,
  eventPool: Pick<SeatPool, 'capacity' | 'sold' | 'held'> | undefined,
): number {
  const own = left(typePool) ?? Number.MAX_SAFE_INTEGER;
  const event = eventPool ? (left(eventPool) ?? Number.MAX_SAFE_INTEGER) : Number.MAX_SAFE_INTEGER;
  return Math.min(own, event);
}
