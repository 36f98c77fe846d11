import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { createHash } from 'node:crypto';
import { type BackgroundLoop, startLoop } from '../../common/background-loop.js';
import { InjectConfig, type ManagementConfig } from '../../config/config.module.js';
import { SystemDatabase } from '../../database/system-database.js';
import { PaymentInbox } from '../inbox/payment-inbox.system-path.js';
import { PaymentMerchants } from '../merchants/payment-merchants.system-path.js';
import type { EventOutcome } from '../payment-transitions.js';
import { WompiApi } from '../wompi/wompi-api.js';
import { nextCheckAt } from './check-schedule.js';

const BATCH = 50;
/** An event stored this long ago and still unprocessed was left by a failure. */
const LEFT_OVER_AFTER_MS = 15_000;

interface DueCheck {
  id: string;
  organization_id: string;
  reference: string;
  own_merchant: boolean;
}

/**
 * Asks the provider about payments still pending on the check schedule and
 * settles what it says exactly as a webhook would (through the inbox), and
 * processes events a failure left stored but unprocessed. Safe on any number
 * of instances: a run claims its checks (SKIP LOCKED) and moves each to its
 * next time before asking, and settling is idempotent. The only entry point
 * of `payments.reconcile`.
 */
@Injectable()
export class ReconcilePayments implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReconcilePayments.name);
  private loop?: BackgroundLoop;

  constructor(
    @InjectConfig() private readonly config: ManagementConfig,
    private readonly system: SystemDatabase,
    private readonly merchants: PaymentMerchants,
    private readonly api: WompiApi,
    private readonly inbox: PaymentInbox,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.BACKGROUND_JOBS) return;
    this.loop = startLoop({
      name: 'payment reconciliation',
      logger: this.logger,
      idleMs: this.config.PAYMENT_RECONCILE_INTERVAL_SECONDS * 1000,
      round: async () => {
        const leftOver = await this.inbox.processLeftOver(LEFT_OVER_AFTER_MS);
        const checked = await this.run();
        if (checked > 0 || leftOver > 0) this.logger.log({ checked, leftOver }, 'reconciled');
        return { more: checked === BATCH };
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop?.stop();
  }

  /** One run: the payments it asked the provider about. */
  async run(now = new Date()): Promise<number> {
    const due = await this.claim(now);
    for (const payment of due) {
      try {
        await this.check(payment);
      } catch (error) {
        // The next scheduled check asks again.
        this.logger.warn({ err: error, paymentId: payment.id }, 'payment check failed');
      }
    }
    return due.length;
  }

  /** Asks now about one payment, whatever its schedule says (what each transaction did). */
  async check(payment: DueCheck): Promise<EventOutcome[]> {
    const merchant = payment.own_merchant
      ? await this.merchants.ownOf(payment.organization_id)
      : this.merchants.platform();
    if (!merchant) {
      this.logger.warn({ paymentId: payment.id }, "the organization's own merchant is gone");
      return [];
    }
    const transactions = await this.api.transactionsByReference(merchant, payment.reference);
    const outcomes: EventOutcome[] = [];
    for (const transaction of transactions) {
      const body = { source: 'reconciliation', transaction };
      const stored = await this.inbox.store({
        source: 'RECONCILIATION',
        merchantOrganizationId: merchant.ownedBy,
        bodyHash: createHash('sha256').update(JSON.stringify(body)).digest('hex'),
        body,
        transaction,
        eventTimestamp: null,
        stale: false,
      });
      outcomes.push(await this.inbox.process(stored.id));
    }
    return outcomes;
  }

  private claim(now: Date): Promise<DueCheck[]> {
    return this.system.run(
      'payments.reconcile',
      {
        actor: 'payments-reconciliation',
        reason: 'claim pending payments due a check',
        quietWhenIdle: true,
      },
      async (tx, audit) => {
        const due = await tx.$queryRaw<(DueCheck & { created_at: Date; checks: number })[]>`
          SELECT id, organization_id, reference, own_merchant, created_at, checks FROM payments
          WHERE next_check_at <= ${now} AND provider = 'WOMPI' AND status = 'PENDING'
          ORDER BY next_check_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
        for (const payment of due) {
          await tx.$executeRaw`
            UPDATE payments SET checks = ${payment.checks + 1},
                   next_check_at = ${nextCheckAt(payment.created_at, payment.checks + 1)}
            WHERE id = ${payment.id}::uuid`;
        }
        audit.touched(due.length);
        return due;
      },
    );
  }
}
