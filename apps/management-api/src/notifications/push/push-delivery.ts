import { Injectable, Logger } from '@nestjs/common';
import { InjectConfig, type ManagementConfig } from '../../config/config.module.js';
import { ExpoPushClient, type ExpoPushMessage, type ExpoSendOutcome } from './expo-push.client.js';
import { maskToken } from './push-token.js';
import {
  type PendingPush,
  type PushRecipient,
  type PushSettlement,
  PushTicketStore,
} from './push-tickets.system-path.js';

export type { PushRecipient } from './push-tickets.system-path.js';

/** What one delivery (or one resend round) did, message by message, in sums. */
export interface PushDeliveryReport {
  /** Messages recorded for devices (one per device of each recipient). */
  messages: number;
  accepted: number;
  /** Not accepted yet (429, 5xx, network, MessageRateExceeded): sent again later. */
  retrying: number;
  failed: number;
  removedDevices: number;
}

/** Messages per round trip of record, send, settle: a crash leaves at most this many to resend. */
const SLICE = 600;
/** Expo keeps a message for an offline device this long (seconds): a notification is stale after a day. */
const TTL_SECONDS = 86_400;
/** Later sends of a message Expo has not accepted: exponential from 30 s, at most an hour apart. */
const RESEND_BASE_MS = 30_000;
const RESEND_MAX_MS = 3_600_000;

/**
 * Push delivery for the notifications: each recipient's devices get the
 * notification through Expo, in requests of at most 100. Every message is
 * recorded before it is sent and settled from its ticket: accepted ones wait
 * for their receipt (the receipts job), a device whose ticket says
 * DeviceNotRegistered is removed at once, and a message Expo did not accept
 * (its retries spent) stays pending for the receipts job to send again, so it
 * is neither lost nor sent twice once accepted.
 */
@Injectable()
export class PushDelivery {
  private readonly logger = new Logger(PushDelivery.name);

  constructor(
    @InjectConfig() private readonly config: ManagementConfig,
    private readonly client: ExpoPushClient,
    private readonly tickets: PushTicketStore,
  ) {}

  async deliver(recipients: PushRecipient[], now = new Date()): Promise<PushDeliveryReport> {
    const pending = await this.tickets.prepare(recipients, this.leaseFrom(now));
    return this.send(pending);
  }

  /** Sends messages already recorded (and leased to the caller), settling each from its ticket. */
  async send(pending: PendingPush[]): Promise<PushDeliveryReport> {
    const report: PushDeliveryReport = {
      messages: pending.length,
      accepted: 0,
      retrying: 0,
      failed: 0,
      removedDevices: 0,
    };
    for (let start = 0; start < pending.length; start += SLICE) {
      const slice = pending.slice(start, start + SLICE);
      const outcomes = await this.client.send(slice.map(toMessage));
      const now = new Date();
      const settlements = slice.map((message, index) =>
        this.settlement(message, outcomes[index]!, now),
      );
      for (const settlement of settlements) {
        if (settlement.outcome === 'ACCEPTED') report.accepted++;
        else if (settlement.outcome === 'PENDING') report.retrying++;
        else if (settlement.outcome === 'FAILED') report.failed++;
      }
      report.removedDevices += await this.tickets.settle(settlements, now);
    }
    return report;
  }

  /** Long enough for one slice's requests with all their retries; a crashed sender's messages wait this long. */
  leaseFrom(now: Date): Date {
    const perRequest =
      (this.config.EXPO_PUSH_RETRIES + 1) *
      (this.config.EXPO_PUSH_TIMEOUT_MS + this.config.EXPO_PUSH_RETRY_MAX_DELAY_MS);
    return new Date(now.getTime() + Math.max(600_000, 2 * perRequest));
  }

  private settlement(message: PendingPush, outcome: ExpoSendOutcome, now: Date): PushSettlement {
    const base = { id: message.id, token: message.token };
    if (outcome.kind === 'unsent') {
      return outcome.transient
        ? this.retryLater(message, outcome.reason, now)
        : this.failed(message, outcome.reason);
    }
    const { ticket } = outcome;
    if (ticket.status === 'ok') return { ...base, outcome: 'ACCEPTED', ticketId: ticket.id };
    const error = ticket.details?.error ?? 'UNKNOWN';
    if (error === 'DeviceNotRegistered') {
      this.logger.log(
        { pushMessage: message.id, device: maskToken(message.token) },
        'push device no longer registered; removed',
      );
      return { ...base, outcome: 'DEVICE_NOT_REGISTERED', error };
    }
    // Too many messages to this one device for now: Expo asks to send them more slowly.
    if (error === 'MessageRateExceeded') return this.retryLater(message, error, now);
    return this.failed(message, error);
  }

  private retryLater(message: PendingPush, reason: string, now: Date): PushSettlement {
    if (message.attempts >= this.config.PUSH_SEND_MAX_ATTEMPTS) {
      return this.failed(message, `GAVE_UP_${reason}`);
    }
    const ceiling = Math.min(RESEND_MAX_MS, RESEND_BASE_MS * 2 ** (message.attempts - 1));
    // Half fixed, half jitter: instances resending after one outage do not return together.
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    return {
      id: message.id,
      token: message.token,
      outcome: 'PENDING',
      error: reason,
      retryAt: new Date(now.getTime() + delay),
    };
  }

  private failed(message: PendingPush, error: string): PushSettlement {
    this.logger.warn(
      { pushMessage: message.id, device: maskToken(message.token), error },
      'push message refused by Expo',
    );
    return { id: message.id, token: message.token, outcome: 'FAILED', error };
  }
}

function toMessage(message: PendingPush): ExpoPushMessage {
  return {
    to: message.token,
    title: message.title,
    body: message.body,
    data: message.notificationId
      ? { ...message.data, notificationId: message.notificationId }
      : message.data,
    sound: 'default',
    priority: 'high',
    channelId: 'default',
    ttl: TTL_SECONDS,
  };
}
