import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type BackgroundLoop, startLoop } from '../common/background-loop.js';
import { executorOf } from '../common/sql-executor.js';
import { InjectConfig, type ManagementConfig } from '../config/config.module.js';
import { SystemDatabase } from '../database/system-database.js';
import { DiscountRedemption } from '../discounts/discount-redemption.js';
import { SeatPools } from '../inventory/seat-pools.js';
import { OrderNotices } from './order-notices.js';
import { orderLines, seatsOf } from './order-lines.js';

const BATCH = 200;

/**
 * Expires unpaid orders whose hold ended, in every organization, and returns
 * their seats to sale. Safe to run at once on any number of instances: each
 * run locks the orders it takes (SKIP LOCKED), and an order is expired only
 * while it is still PENDING past its time. The only entry point of the
 * order-jobs path.
 */
@Injectable()
export class ExpireHolds implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ExpireHolds.name);
  private loop?: BackgroundLoop;

  constructor(
    @InjectConfig() private readonly config: ManagementConfig,
    private readonly system: SystemDatabase,
    private readonly seats: SeatPools,
    private readonly discounts: DiscountRedemption,
    private readonly notices: OrderNotices,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.BACKGROUND_JOBS) return;
    this.loop = startLoop({
      name: 'expiring holds',
      logger: this.logger,
      idleMs: this.config.ORDER_EXPIRY_INTERVAL_SECONDS * 1000,
      round: async () => {
        const expired = await this.run();
        if (expired > 0) this.logger.log({ expired }, 'expired unpaid orders');
        return { more: expired === BATCH };
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop?.stop();
  }

  /** One run: the orders it expired. */
  run(now = new Date()): Promise<number> {
    return this.system.run(
      'orders.expire-holds',
      { actor: 'order-jobs', reason: 'expire unpaid orders past their hold', quietWhenIdle: true },
      async (tx, audit) => {
        const sql = executorOf(tx);
        const due = await tx.$queryRaw<
          {
            id: string;
            organization_id: string;
            event_id: string;
            user_id: string | null;
            discount_code_id: string | null;
          }[]
        >`
          SELECT id, organization_id, event_id, user_id, discount_code_id FROM orders
          WHERE status = 'PENDING' AND expires_at <= ${now}
          ORDER BY expires_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
        for (const order of due) {
          await this.seats.giveBack(
            sql,
            order.event_id,
            seatsOf(await orderLines(sql, order.id)),
            'held',
          );
          await this.discounts.giveBack(sql, order.discount_code_id);
          await tx.$executeRaw`UPDATE orders SET status = 'EXPIRED', updated_at = now() WHERE id = ${order.id}::uuid`;
          await this.notices.expired(sql, {
            id: order.id,
            organizationId: order.organization_id,
            eventId: order.event_id,
            userId: order.user_id,
          });
        }
        audit.touched(due.length);
        return due.length;
      },
    );
  }
}
