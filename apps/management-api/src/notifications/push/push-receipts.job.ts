import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type BackgroundLoop, startLoop } from '../../common/background-loop.js';
import { InjectConfig, type ManagementConfig } from '../../config/config.module.js';
import { ExpoPushClient } from './expo-push.client.js';
import { PushDelivery, type PushDeliveryReport } from './push-delivery.js';
import { maskToken } from './push-token.js';
import { type ReceiptSettlement, PushTicketStore } from './push-tickets.system-path.js';

const RESEND_BATCH = 600;
const RECEIPTS_BATCH = 3_000;
const PRUNE_BATCH = 5_000;
/** Expo keeps receipts for at least a day; one not found after that never will be. */
const RECEIPT_RETENTION_MS = 86_400_000;
/** Settled tickets are kept a week, for support questions about a push that did not arrive. */
const TICKET_RETENTION_MS = 7 * 86_400_000;

export interface PushReceiptsRun {
  resent: PushDeliveryReport;
  receipts: { checked: number; delivered: number; failed: number; expired: number };
  removedDevices: number;
  pruned: number;
  /** A batch came back full: more is waiting. */
  more: boolean;
}

/**
 * The push receipts job: sends again what Expo has not accepted yet, fetches
 * receipts for tickets older than PUSH_RECEIPT_DELAY_SECONDS (Expo delivers
 * to Apple and Google asynchronously; it asks senders to wait), removes
 * devices whose receipt says DeviceNotRegistered, logs other receipt errors
 * with the ticket id (never the whole token), and prunes old tickets. Safe on
 * any number of instances: each claims its rows (SKIP LOCKED).
 */
@Injectable()
export class PushReceiptsJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PushReceiptsJob.name);
  private loop?: BackgroundLoop;

  constructor(
    @InjectConfig() private readonly config: ManagementConfig,
    private readonly client: ExpoPushClient,
    private readonly delivery: PushDelivery,
    private readonly tickets: PushTicketStore,
  ) {}

  onApplicationBootstrap(): void {
    if (!(this.config.PUSH_JOBS ?? this.config.BACKGROUND_JOBS)) return;
    this.loop = startLoop({
      name: 'push receipts',
      logger: this.logger,
      idleMs: this.config.PUSH_RECEIPTS_INTERVAL_SECONDS * 1000,
      round: () => this.run(),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop?.stop();
  }

  /** One round at `now` (tests pass their own clock). */
  async run(now = new Date()): Promise<PushReceiptsRun> {
    const due = await this.tickets.claimDue(now, this.delivery.leaseFrom(now), RESEND_BATCH);
    const resent = await this.delivery.send(due);

    const cutoff = new Date(now.getTime() - this.config.PUSH_RECEIPT_DELAY_SECONDS * 1000);
    const claimed = await this.tickets.claimReceipts(now, cutoff, RECEIPTS_BATCH);
    const { receipts } = await this.client.getReceipts(claimed.map((ticket) => ticket.ticketId));
    const settlements: ReceiptSettlement[] = [];
    const counts = { checked: claimed.length, delivered: 0, failed: 0, expired: 0 };
    for (const ticket of claimed) {
      const receipt = receipts.get(ticket.ticketId);
      if (!receipt) {
        // Not ready yet (or its request failed): asked again after the delay, until Expo forgets it.
        if (now.getTime() - ticket.sentAt.getTime() > RECEIPT_RETENTION_MS) {
          settlements.push({ id: ticket.id, token: ticket.token, outcome: 'EXPIRED' });
          counts.expired++;
        }
        continue;
      }
      if (receipt.status === 'ok') {
        settlements.push({ id: ticket.id, token: ticket.token, outcome: 'DELIVERED' });
        counts.delivered++;
        continue;
      }
      const error = receipt.details?.error ?? 'UNKNOWN';
      counts.failed++;
      if (error === 'DeviceNotRegistered') {
        settlements.push({
          id: ticket.id,
          token: ticket.token,
          outcome: 'DEVICE_NOT_REGISTERED',
          error,
        });
        continue;
      }
      this.logger.warn(
        { ticketId: ticket.ticketId, device: maskToken(ticket.token), error },
        'push receipt reports an error',
      );
      settlements.push({ id: ticket.id, token: ticket.token, outcome: 'FAILED', error });
    }
    const removedDevices =
      resent.removedDevices + (await this.tickets.settleReceipts(settlements, now));
    const pruned = await this.tickets.prune(
      new Date(now.getTime() - TICKET_RETENTION_MS),
      PRUNE_BATCH,
    );
    return {
      resent,
      receipts: counts,
      removedDevices,
      pruned,
      more:
        due.length === RESEND_BATCH || claimed.length === RECEIPTS_BATCH || pruned === PRUNE_BATCH,
    };
  }
}
