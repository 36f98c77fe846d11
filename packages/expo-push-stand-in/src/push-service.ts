import { randomUUID } from 'node:crypto';
import {
  type ExpoErrorCode,
  MESSAGE_SIZE_LIMIT,
  type PushMessage,
  type PushReceipt,
  type PushTicket,
} from './messages.js';

export type Endpoint = 'send' | 'getReceipts';

/** Where an outcome shows: in the ticket (at once) or only in the receipt (later), as Expo reports both. */
export type OutcomeStage = 'ticket' | 'receipt';

export interface TokenOutcome {
  error: ExpoErrorCode;
  in: OutcomeStage;
}

/** The statuses a test may make a request answer: transient (429, 5xx) or a refusal (4xx). */
export const FAULT_STATUSES = [400, 401, 403, 413, 429, 500, 502, 503, 504] as const;

/** A request-level failure to answer instead of doing the work. */
export interface Fault {
  status: (typeof FAULT_STATUSES)[number];
  /** Sent as `Retry-After` (seconds) when given. */
  retryAfterSeconds?: number;
  /** Only requests to this endpoint take the fault; any endpoint when unset. */
  endpoint?: Endpoint;
}

/** One notification as the stand-in received it (one per recipient of a message). */
export interface ReceivedMessage {
  to: string;
  ticketId: string | null;
  message: Omit<PushMessage, 'to'>;
  receivedAt: Date;
  /** Whether the request carried an `Authorization` header (the token itself is not kept). */
  authorized: boolean;
}

/** One HTTP request to either endpoint, as the stand-in answered it. */
export interface RequestRecord {
  endpoint: Endpoint;
  status: number;
  /** Messages (send) or ids (getReceipts) in the request body; 0 when it was refused unread. */
  size: number;
  gzip: boolean;
  authorized: boolean;
  at: Date;
}

interface StoredReceipt {
  receipt: PushReceipt;
  availableAt: number;
}

const ERROR_MESSAGES: Record<ExpoErrorCode, (token: string) => string> = {
  DeviceNotRegistered: (token) => `"${token}" is not a registered push notification recipient`,
  MessageTooBig: () => `Message too big: the payload is larger than ${MESSAGE_SIZE_LIMIT} bytes`,
  MessageRateExceeded: (token) =>
    `Too many messages were sent to "${token}" in a short time; send them more slowly`,
  InvalidCredentials: () => 'The push notification credentials for this project are not valid',
  MismatchSenderId: () => 'The FCM sender id does not match the one the token was registered with',
  ProviderError: () => 'The push notification provider reported an error',
};

/**
 * What Expo's push service holds for the platform: tickets for what it
 * accepted, receipts once they are "delivered" (after a delay), tokens that
 * no longer reach a device, and the faults a test asked for.
 */
export class PushService {
  readonly #received: ReceivedMessage[] = [];
  readonly #requests: RequestRecord[] = [];
  readonly #receipts = new Map<string, StoredReceipt>();
  readonly #outcomes = new Map<string, TokenOutcome>();
  #faults: Fault[] = [];

  constructor(private readonly options: { receiptDelayMs: number; now?: () => number }) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** A token whose device is gone: its ticket is ok and its receipt says DeviceNotRegistered (or the ticket does). */
  markUnregistered(token: string, stage: OutcomeStage = 'receipt'): void {
    this.#outcomes.set(token, { error: 'DeviceNotRegistered', in: stage });
  }

  /** Any of Expo's per-message errors for one token, in its ticket or its receipt. */
  setOutcome(token: string, outcome: TokenOutcome): void {
    this.#outcomes.set(token, outcome);
  }

  clearOutcome(token: string): void {
    this.#outcomes.delete(token);
  }

  /** The next `count` requests (to `fault.endpoint`, or any) answer with this status instead. */
  failNextRequests(count: number, fault: Fault): void {
    for (let i = 0; i < count; i++) this.#faults.push({ ...fault });
  }

  /** The fault this request takes, if any (consumed). */
  takeFault(endpoint: Endpoint): Fault | undefined {
    const index = this.#faults.findIndex((fault) => !fault.endpoint || fault.endpoint === endpoint);
    if (index < 0) return undefined;
    const [fault] = this.#faults.splice(index, 1);
    return fault;
  }

  record(request: RequestRecord): void {
    this.#requests.push(request);
  }

  send(messages: PushMessage[], authorized: boolean): PushTicket[] {
    const tickets: PushTicket[] = [];
    for (const { to, ...message } of messages) {
      const recipients = Array.isArray(to) ? to : [to];
      const size = Buffer.byteLength(JSON.stringify({ to: recipients[0], ...message }));
      for (const token of recipients) {
        const ticket = this.ticketFor(token, size);
        tickets.push(ticket);
        this.#received.push({
          to: token,
          ticketId: ticket.status === 'ok' ? ticket.id : null,
          message,
          receivedAt: new Date(this.now()),
          authorized,
        });
      }
    }
    return tickets;
  }

  private ticketFor(token: string, size: number): PushTicket {
    if (size > MESSAGE_SIZE_LIMIT) return this.errorTicket(token, 'MessageTooBig');
    const outcome = this.#outcomes.get(token);
    if (outcome?.in === 'ticket') return this.errorTicket(token, outcome.error);
    const id = randomUUID();
    const receipt: PushReceipt = outcome
      ? {
          status: 'error',
          message: ERROR_MESSAGES[outcome.error](token),
          details: { error: outcome.error },
        }
      : { status: 'ok' };
    this.#receipts.set(id, { receipt, availableAt: this.now() + this.options.receiptDelayMs });
    return { status: 'ok', id };
  }

  private errorTicket(token: string, error: ExpoErrorCode): PushTicket {
    return {
      status: 'error',
      message: ERROR_MESSAGES[error](token),
      details: { error, ...(error === 'DeviceNotRegistered' ? { expoPushToken: token } : {}) },
    };
  }

  /** Receipts that exist and are ready; unknown or not yet ready ids are left out, as Expo does. */
  receipts(ids: string[]): Record<string, PushReceipt> {
    const now = this.now();
    const found: Record<string, PushReceipt> = {};
    for (const id of ids) {
      const stored = this.#receipts.get(id);
      if (stored && stored.availableAt <= now) found[id] = stored.receipt;
    }
    return found;
  }

  /** Every notification received, oldest first (only those to `token` when given). */
  messages(token?: string): ReceivedMessage[] {
    return token ? this.#received.filter((entry) => entry.to === token) : [...this.#received];
  }

  requests(endpoint?: Endpoint): RequestRecord[] {
    return endpoint
      ? this.#requests.filter((request) => request.endpoint === endpoint)
      : [...this.#requests];
  }

  /** How many requests reached an endpoint (or both), whatever they were answered. */
  requestCount(endpoint?: Endpoint): number {
    return this.requests(endpoint).length;
  }

  /** The number of messages in each send request that was accepted (HTTP 200), in order. */
  batchSizes(): number[] {
    return this.requests('send')
      .filter((request) => request.status === 200)
      .map((request) => request.size);
  }

  reset(): void {
    this.#received.length = 0;
    this.#requests.length = 0;
    this.#receipts.clear();
    this.#outcomes.clear();
    this.#faults = [];
  }
}
