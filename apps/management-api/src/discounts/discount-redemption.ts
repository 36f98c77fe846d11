import { Injectable } from '@nestjs/common';
import { AppError, requestContext } from '@trivance/shared';
import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { SqlExecutor } from '../common/sql-executor.js';
import { Prisma, type TicketType } from '../generated/prisma/client.js';
import type { DiscountKind } from '../generated/prisma/enums.js';
import { InjectRedis } from '../redis/redis.module.js';

export const INVALID_DISCOUNT_CODE = 'INVALID_DISCOUNT_CODE';
/** Wrong codes one buyer may try in ten minutes before being refused (RATE_LIMITED). */
const FAILED_CODES = { points: 10, duration: 600 };

export interface Discount {
  id: string;
  kind: DiscountKind;
  value: bigint;
  validFrom: Date | null;
  validUntil: Date | null;
  /** Empty: every ticket type of the event. */
  ticketTypeIds: string[];
}

interface TicketTypeRow {
  id: string;
  organization_id: string;
  event_id: string;
  name: string;
  description: string | null;
  price_amount: bigint;
  currency: string;
  sales_start_at: Date | null;
  sales_end_at: Date | null;
  max_per_order: number | null;
  max_per_buyer: number | null;
  hidden: boolean;
  position: number;
  public_since: Date | null;
  created_at: Date;
  updated_at: Date;
}

const toTicketType = (row: TicketTypeRow): TicketType => ({
  id: row.id,
  organizationId: row.organization_id,
  eventId: row.event_id,
  name: row.name,
  description: row.description,
  priceAmount: BigInt(row.price_amount),
  currency: row.currency,
  salesStartAt: row.sales_start_at,
  salesEndAt: row.sales_end_at,
  maxPerOrder: row.max_per_order,
  maxPerBuyer: row.max_per_buyer,
  hidden: row.hidden,
  position: row.position,
  publicSince: row.public_since,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/**
 * What a buyer may do with a code they know: look it up, see the hidden
 * ticket types it unlocks, take one of its uses (never more than it has) or
 * give one back. Buyers cannot read the codes table; these go through
 * database functions that answer only for the code given. Wrong guesses are
 * limited per buyer.
 */
@Injectable()
export class DiscountRedemption {
  private readonly failures: RateLimiterAbstract;

  constructor(@InjectRedis() redis: Redis) {
    this.failures = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: 'discount-failures',
      ...FAILED_CODES,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: 'discount-failures', ...FAILED_CODES }),
    });
  }

  /** The code's terms, or INVALID_DISCOUNT_CODE (counted against the buyer) when it is not one. */
  async require(unit: SqlExecutor, eventId: string, code: string, now: Date): Promise<Discount> {
    const [row] = await unit.query<{
      id: string;
      kind: DiscountKind;
      value: bigint;
      valid_from: Date | null;
      valid_until: Date | null;
      ticket_type_ids: string[] | null;
    }>(Prisma.sql`SELECT * FROM discount_code_for(${eventId}::uuid, ${code})`);
    const valid =
      row &&
      (!row.valid_from || row.valid_from <= now) &&
      (!row.valid_until || now < row.valid_until);
    if (!valid) {
      await this.countFailure();
      throw new AppError('CONFLICT', 'That discount code is not valid for this event', {
        reason: INVALID_DISCOUNT_CODE,
      });
    }
    return {
      id: row.id,
      kind: row.kind,
      value: BigInt(row.value),
      validFrom: row.valid_from,
      validUntil: row.valid_until,
      ticketTypeIds: row.ticket_type_ids ?? [],
    };
  }

  async unlockedTicketTypes(
    unit: SqlExecutor,
    eventId: string,
    code: string,
  ): Promise<TicketType[]> {
    const rows = await unit.query<TicketTypeRow>(
      Prisma.sql`SELECT * FROM ticket_types_unlocked_by(${eventId}::uuid, ${code})`,
    );
    return rows.map(toTicketType);
  }

  /** One use for an order; INVALID_DISCOUNT_CODE when all are taken. */
  async take(unit: SqlExecutor, discount: Discount): Promise<void> {
    const [{ taken }] = (await unit.query<{ taken: boolean }>(
      Prisma.sql`SELECT take_discount_use(${discount.id}::uuid) AS taken`,
    )) as [{ taken: boolean }];
    if (!taken) {
      throw new AppError('CONFLICT', 'That discount code has no uses left', {
        reason: INVALID_DISCOUNT_CODE,
      });
    }
  }

  async giveBack(unit: SqlExecutor, discountCodeId: string | null): Promise<void> {
    if (discountCodeId)
      await unit.execute(Prisma.sql`SELECT give_back_discount_use(${discountCodeId}::uuid)`);
  }

  private async countFailure(): Promise<void> {
    const caller = requestContext.current()?.principal?.userId ?? 'anonymous';
    await this.failures.consume(caller).catch((res: unknown) => {
      if (res instanceof Error) return;
      throw new AppError('RATE_LIMITED', 'Too many wrong discount codes; try again later');
    });
  }
}

/** What a code takes off the lines it applies to: a percentage (rounded down) or a fixed amount, never more. */
export function discountOn(
  discount: Discount,
  lines: { ticketTypeId: string; unitPrice: bigint; quantity: number }[],
): bigint {
  const applicable = lines
    .filter(
      (line) =>
        discount.ticketTypeIds.length === 0 || discount.ticketTypeIds.includes(line.ticketTypeId),
    )
    .reduce((sum, line) => sum + line.unitPrice * BigInt(line.quantity), 0n);
  const off = discount.kind === 'PERCENT' ? (applicable * discount.value) / 100n : discount.value;
  return off < applicable ? off : applicable;
}
