import type { Merchant } from './merchants.js';
import { eventChecksum } from './signatures.js';
import type { TransactionData } from './transactions.js';

/**
 * Signed `transaction.updated` events and their delivery to the merchant's
 * events URL, with Wompi's retry schedule so receivers can be tested against
 * missed, repeated and late deliveries.
 */

export const SIGNED_PROPERTIES = [
  'transaction.id',
  'transaction.status',
  'transaction.amount_in_cents',
] as const;

/**
 * Wompi retries a delivery that did not get a 200 three times, 30 minutes,
 * 3 hours and 24 hours after the first attempt.
 */
export const RETRY_OFFSETS_MS = [30 * 60_000, 3 * 3_600_000, 24 * 3_600_000] as const;

const ATTEMPT_TIMEOUT_MS = 10_000;

export interface TransactionEvent {
  event: 'transaction.updated';
  data: { transaction: TransactionData };
  environment: 'test';
  signature: { properties: string[]; checksum: string };
  timestamp: number;
  sent_at: string;
}

export function buildTransactionEvent(
  transaction: TransactionData,
  eventsSecret: string,
  now: Date,
): TransactionEvent {
  const data = { transaction: structuredClone(transaction) };
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    event: 'transaction.updated',
    data,
    environment: 'test',
    signature: {
      properties: [...SIGNED_PROPERTIES],
      checksum: eventChecksum(data, SIGNED_PROPERTIES, timestamp, eventsSecret),
    },
    timestamp,
    sent_at: now.toISOString(),
  };
}

export interface DeliveryAttempt {
  at: string;
  status_code: number | null;
  error: string | null;
}

export interface Delivery {
  id: number;
  merchant_id: number;
  url: string;
  transaction_id: string;
  status: string;
  event: TransactionEvent;
  attempts: DeliveryAttempt[];
  delivered: boolean;
  /** When the next retry is due; null once delivered or out of retries. */
  next_attempt_at: string | null;
}

export interface EventLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface EventDeliveriesOptions {
  /** Multiplies Wompi's retry offsets, so a test can watch a 24-hour schedule in milliseconds. */
  retryScale: number;
  log: EventLogger;
  now?: () => Date;
}

export class EventDeliveries {
  private readonly deliveries: Delivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private closed = false;
  private readonly now: () => Date;

  constructor(private readonly options: EventDeliveriesOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Posts the event to the merchant's events URL; a merchant without one is not notified. */
  send(merchant: Merchant, event: TransactionEvent): Delivery | undefined {
    if (!merchant.eventsUrl || this.closed) return undefined;
    const delivery: Delivery = {
      id: this.deliveries.length + 1,
      merchant_id: merchant.id,
      url: merchant.eventsUrl,
      transaction_id: event.data.transaction.id,
      status: event.data.transaction.status,
      event,
      attempts: [],
      delivered: false,
      next_attempt_at: null,
    };
    this.deliveries.push(delivery);
    this.track(this.attempt(delivery, this.now().getTime()));
    return delivery;
  }

  list(): Delivery[] {
    return structuredClone(this.deliveries);
  }

  /** Resolves once every attempt already started has finished; tests use it to avoid sleeping. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.abort.abort();
    await this.idle();
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async attempt(delivery: Delivery, firstAttemptAt: number): Promise<void> {
    const attempt: DeliveryAttempt = {
      at: this.now().toISOString(),
      status_code: null,
      error: null,
    };
    delivery.attempts.push(attempt);
    delivery.next_attempt_at = null;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-event-checksum': delivery.event.signature.checksum,
        },
        body: JSON.stringify(delivery.event),
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]),
      });
      attempt.status_code = response.status;
      await response.body?.cancel();
    } catch (error) {
      attempt.error = error instanceof Error ? error.message : String(error);
    }
    // Wompi counts only a 200 as delivered, not any 2xx.
    delivery.delivered = attempt.status_code === 200;
    const details = {
      delivery: delivery.id,
      transaction: delivery.transaction_id,
      status: delivery.status,
      url: delivery.url,
      attempt: delivery.attempts.length,
      statusCode: attempt.status_code,
      error: attempt.error,
    };
    if (delivery.delivered) {
      this.options.log.info(details, 'event delivered');
      return;
    }
    this.options.log.warn(details, 'event delivery failed');
    this.scheduleRetry(delivery, firstAttemptAt);
  }

  private scheduleRetry(delivery: Delivery, firstAttemptAt: number): void {
    const offset = RETRY_OFFSETS_MS[delivery.attempts.length - 1];
    if (offset === undefined || this.closed) return;
    const dueAt = firstAttemptAt + offset * this.options.retryScale;
    delivery.next_attempt_at = new Date(dueAt).toISOString();
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        this.track(this.attempt(delivery, firstAttemptAt));
      },
      Math.max(0, dueAt - this.now().getTime()),
    );
    this.timers.add(timer);
  }
}
