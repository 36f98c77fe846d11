import { Injectable, Logger } from '@nestjs/common';
import {
  DelegateBackoff,
  handleWhen,
  type IPolicy,
  type IRetryBackoffContext,
  retry,
  TaskCancelledError,
  timeout,
  TimeoutStrategy,
  wrap,
} from 'cockatiel';
import { gzipSync } from 'node:zlib';
import { InjectConfig, type ManagementConfig } from '../../config/config.module.js';

/** Expo's limits per request (expo-server-sdk's chunk sizes). */
export const SEND_CHUNK = 100;
export const RECEIPTS_CHUNK = 1000;
/** expo-server-sdk's limit on requests in flight to Expo at once. */
const CONCURRENT_REQUESTS = 6;
/** Bodies above this are sent gzip-compressed, as expo-server-sdk does. */
const GZIP_ABOVE_BYTES = 1024;

/** One notification to one device, as Expo's send endpoint takes it. */
export interface ExpoPushMessage {
  to: string;
  title?: string;
  body?: string;
  data?: Record<string, unknown>;
  sound?: 'default' | null;
  badge?: number;
  channelId?: string;
  priority?: 'default' | 'normal' | 'high';
  /** Seconds Expo and the platform keep trying to reach an offline device. */
  ttl?: number;
}

export type ExpoPushTicket =
  | { status: 'ok'; id: string }
  | { status: 'error'; message: string; details?: { error?: string; expoPushToken?: string } };

export type ExpoPushReceipt =
  { status: 'ok' } | { status: 'error'; message: string; details?: { error?: string } };

/**
 * What became of one message: Expo's ticket, or no ticket because its request
 * failed: `transient` when it may be sent again later (429, 5xx, network,
 * timeout, once the retries are spent), otherwise refused for good.
 */
export type ExpoSendOutcome =
  | { kind: 'ticket'; ticket: ExpoPushTicket }
  | { kind: 'unsent'; transient: boolean; reason: string };

export interface ExpoReceipts {
  /** The receipts Expo has (those not ready yet, or expired, are absent). */
  receipts: Map<string, ExpoPushReceipt>;
  /** Ids whose request failed after its retries; ask again later. */
  failed: string[];
}

/** A refused or failed HTTP call to Expo, with what decides whether it is retried. */
export class ExpoPushHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** From `Retry-After`, when Expo sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(`Expo push service answered ${status} (${code})`);
    this.name = 'ExpoPushHttpError';
  }

  /** Expo's documented transient answers: too many requests and server errors. */
  get transient(): boolean {
    return this.status === 429 || this.status >= 500;
  }
}

/** A 200 whose body does not have Expo's shape (no retry: Expo may have accepted the messages). */
export class ExpoPushProtocolError extends Error {
  override readonly name = 'ExpoPushProtocolError';
}

const isTransient = (error: unknown): boolean =>
  error instanceof ExpoPushHttpError
    ? error.transient
    : !(error instanceof ExpoPushProtocolError) && !(error instanceof SyntaxError);

/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The wait before retry `attempt` (1-based): what Expo asked for in
 * Retry-After when it did, otherwise exponential with full jitter (AWS's
 * "full jitter": a random wait up to the doubled ceiling), capped either way.
 */
export function backoffDelay(
  attempt: number,
  error: unknown,
  options: { baseMs: number; maxMs: number },
  random: () => number = Math.random,
): number {
  if (error instanceof ExpoPushHttpError && error.retryAfterMs !== undefined) {
    return Math.min(options.maxMs, error.retryAfterMs);
  }
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
}

/** Runs `work` over `items` with at most `limit` in flight, results in the items' order. */
async function inPool<T, R>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const chunk = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, (index + 1) * size),
  );

/**
 * Expo's push API (https://docs.expo.dev/push-notifications/sending-notifications/):
 * messages in requests of at most 100, receipts in requests of at most 1000.
 * Each call has a timeout and is retried with exponential backoff and jitter
 * (honouring Retry-After) on 429, 5xx and network faults; any other 4xx is
 * never retried. Reports one outcome per message, never throws for Expo's
 * failures. The access token goes only into the Authorization header.
 */
@Injectable()
export class ExpoPushClient {
  private readonly logger = new Logger(ExpoPushClient.name);
  private readonly policy: IPolicy;

  constructor(@InjectConfig() private readonly config: ManagementConfig) {
    const backoffOptions = { baseMs: 250, maxMs: config.EXPO_PUSH_RETRY_MAX_DELAY_MS };
    this.policy = wrap(
      retry(handleWhen(isTransient), {
        maxAttempts: config.EXPO_PUSH_RETRIES,
        backoff: new DelegateBackoff((context: IRetryBackoffContext<unknown>) =>
          backoffDelay(
            context.attempt,
            'error' in context.result ? context.result.error : undefined,
            backoffOptions,
          ),
        ),
      }),
      timeout(config.EXPO_PUSH_TIMEOUT_MS, TimeoutStrategy.Aggressive),
    );
  }

  /** One outcome per message, in the messages' order. */
  async send(messages: ExpoPushMessage[]): Promise<ExpoSendOutcome[]> {
    const outcomes = await inPool(chunk(messages, SEND_CHUNK), CONCURRENT_REQUESTS, (batch) =>
      this.sendChunk(batch),
    );
    return outcomes.flat();
  }

  async getReceipts(ids: string[]): Promise<ExpoReceipts> {
    const receipts = new Map<string, ExpoPushReceipt>();
    const failed: string[] = [];
    await inPool(chunk(ids, RECEIPTS_CHUNK), CONCURRENT_REQUESTS, async (batch) => {
      try {
        const body = await this.post('getReceipts', { ids: batch });
        const data = (body as { data?: unknown }).data;
        if (data === null || typeof data !== 'object' || Array.isArray(data)) {
          throw new ExpoPushProtocolError('getReceipts answered without a data object');
        }
        for (const [id, receipt] of Object.entries(data as Record<string, unknown>)) {
          if (isReceipt(receipt)) receipts.set(id, receipt);
        }
      } catch (error) {
        this.logger.warn({ err: describe(error), ids: batch.length }, 'push receipts not fetched');
        failed.push(...batch);
      }
    });
    return { receipts, failed };
  }

  private async sendChunk(batch: ExpoPushMessage[]): Promise<ExpoSendOutcome[]> {
    try {
      const body = await this.post('send', batch);
      const data = (body as { data?: unknown }).data;
      if (!Array.isArray(data) || data.length !== batch.length || !data.every(isTicket)) {
        throw new ExpoPushProtocolError('send answered without one ticket per message');
      }
      return data.map((ticket) => ({ kind: 'ticket', ticket }));
    } catch (error) {
      const transient = isTransient(error);
      const reason =
        error instanceof ExpoPushHttpError
          ? error.code
          : error instanceof TaskCancelledError
            ? 'TIMEOUT'
            : error instanceof ExpoPushProtocolError || error instanceof SyntaxError
              ? 'MALFORMED_RESPONSE'
              : 'NETWORK_ERROR';
      this.logger.warn(
        { err: describe(error), messages: batch.length, transient },
        'push messages not accepted by Expo',
      );
      return batch.map(() => ({ kind: 'unsent', transient, reason }));
    }
  }

  private post(endpoint: 'send' | 'getReceipts', payload: unknown): Promise<unknown> {
    const json = Buffer.from(JSON.stringify(payload));
    const compress = json.length > GZIP_ABOVE_BYTES;
    const headers: Record<string, string> = {
      accept: 'application/json',
      'accept-encoding': 'gzip, deflate',
      'content-type': 'application/json',
      ...(compress ? { 'content-encoding': 'gzip' } : {}),
      ...(this.config.EXPO_ACCESS_TOKEN
        ? { authorization: `Bearer ${this.config.EXPO_ACCESS_TOKEN}` }
        : {}),
    };
    const body = compress ? gzipSync(json) : json;
    return this.policy.execute(async ({ signal }) => {
      const response = await fetch(`${this.config.EXPO_PUSH_URL}/${endpoint}`, {
        method: 'POST',
        headers,
        body,
        signal,
      });
      const text = await response.text();
      if (!response.ok) {
        throw new ExpoPushHttpError(
          response.status,
          requestErrorCode(text) ?? `HTTP_${response.status}`,
          retryAfterMs(response.headers.get('retry-after')),
        );
      }
      return JSON.parse(text) as unknown;
    });
  }
}

function isTicket(value: unknown): value is ExpoPushTicket {
  if (value === null || typeof value !== 'object') return false;
  const ticket = value as Record<string, unknown>;
  return (
    (ticket.status === 'ok' && typeof ticket.id === 'string') ||
    (ticket.status === 'error' && typeof ticket.message === 'string')
  );
}

function isReceipt(value: unknown): value is ExpoPushReceipt {
  if (value === null || typeof value !== 'object') return false;
  const status = (value as Record<string, unknown>).status;
  return status === 'ok' || status === 'error';
}

/** The first code of Expo's `{ errors: [{ code, message }] }`, if the body has one. */
function requestErrorCode(text: string): string | undefined {
  try {
    const code = (JSON.parse(text) as { errors?: { code?: unknown }[] }).errors?.[0]?.code;
    return typeof code === 'string' ? code.slice(0, 64) : undefined;
  } catch {
    return undefined;
  }
}

/** An error for the log: its name and message only (never a request's headers). */
function describe(error: unknown): { name: string; message: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'Error', message: String(error) };
}
