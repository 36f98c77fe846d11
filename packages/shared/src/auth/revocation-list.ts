import { Redis } from 'ioredis';
import { AppError } from '../errors/app-error.js';
import type { Principal } from './principal.js';
import {
  REVOCATION_CHANNEL,
  REVOCATION_KEY_PREFIX,
  REVOCATION_TTL_SECONDS,
  type Revocation,
  revocationFromKey,
  revocationsFromMessage,
} from './revocation-feed.js';

export interface RevocationCheck {
  /** Throws UNAUTHENTICATED when the token's session, account or key was revoked. */
  assertActive(principal: Principal): void;
}

export interface RevocationListOptions {
  redisUrl: string;
  /**
   * While the feed is down (Redis unreachable, or not yet loaded), tokens
   * issued longer ago than this are refused: a client refreshes, and the Auth
   * Service, which reads sessions from its database, decides. This bounds how
   * long a revocation made during an outage can be missed.
   */
  maxTokenAgeWhileDownSeconds?: number;
  /** How often the subscription is pinged; a ping that fails marks the feed down. */
  heartbeatMs?: number;
  /** Called when a signing key is withdrawn (drop it from the key store at once). */
  onKeyRevoked?: (kid: string) => void;
  /** Called on feed state changes, for logs. */
  onStateChange?: (state: { healthy: boolean; error?: unknown }) => void;
}

const DEFAULT_MAX_AGE_WHILE_DOWN_SECONDS = 60;
const DEFAULT_HEARTBEAT_MS = 1_000;
const SCAN_BATCH = 1_000;

/**
 * A verifier's copy of the revocation feed (see revocation-feed.ts): kept in
 * memory, so the check on every request costs no round trip. It subscribes
 * first and then loads the stored revocations, on every (re)connection, so
 * nothing published in between is missed. It is healthy only while the
 * subscription is up and loaded; meanwhile older tokens are refused.
 */
export class RevocationList implements RevocationCheck {
  private readonly sessions = new Map<string, number>();
  private readonly users = new Map<string, { before: number; until: number }>();
  private readonly keys = new Map<string, number>();
  private subscriber?: Redis;
  private reader?: Redis;
  private healthy = false;
  private heartbeat?: NodeJS.Timeout;
  private syncing?: Promise<void>;
  private stopped = false;
  private readonly maxAgeWhileDownMs: number;

  constructor(private readonly options: RevocationListOptions) {
    this.maxAgeWhileDownMs =
      (options.maxTokenAgeWhileDownSeconds ?? DEFAULT_MAX_AGE_WHILE_DOWN_SECONDS) * 1000;
  }

  get isHealthy(): boolean {
    return this.healthy;
  }

  /** Connects and loads; resolves once loaded, or after `waitMs` with the feed still down. */
  async start(waitMs = 3_000): Promise<void> {
    const connection = {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      retryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000),
    };
    this.subscriber = new Redis(this.options.redisUrl, {
      ...connection,
      connectionName: 'revocation-feed',
    });
    this.reader = new Redis(this.options.redisUrl, {
      ...connection,
      connectionName: 'revocation-feed-reader',
    });
    for (const client of [this.subscriber, this.reader]) {
      client.on('error', (error) => this.markDown(error));
      client.on('close', () => this.markDown());
    }
    this.subscriber.on('message', (_channel: string, message: string) =>
      this.apply(revocationsFromMessage(message)),
    );
    this.subscriber.on('ready', () => void this.sync());
    this.heartbeat = setInterval(
      () => void this.beat(),
      this.options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
    );
    this.heartbeat.unref();
    await Promise.allSettled([this.subscriber.connect(), this.reader.connect()]);
    const deadline = Date.now() + waitMs;
    while (!this.healthy && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.heartbeat);
    this.subscriber?.disconnect();
    this.reader?.disconnect();
    this.healthy = false;
  }

  assertActive(principal: Principal): void {
    const now = Date.now();
    if (!this.healthy && now - principal.issuedAt.getTime() > this.maxAgeWhileDownMs) {
      throw new AppError(
        'UNAUTHENTICATED',
        'The session cannot be confirmed right now; refresh the access token',
      );
    }
    if (this.live(this.sessions, principal.sessionId, now)) {
      throw new AppError('UNAUTHENTICATED', 'The session has ended');
    }
    const user = this.users.get(principal.userId);
    if (
      user &&
      user.until > now &&
      Math.floor(principal.issuedAt.getTime() / 1000) <= user.before
    ) {
      throw new AppError('UNAUTHENTICATED', 'The session has ended');
    }
  }

  /** True when a signing key was withdrawn through the feed. */
  isKeyRevoked(kid: string): boolean {
    return this.live(this.keys, kid, Date.now());
  }

  private live(entries: Map<string, number>, id: string, now: number): boolean {
    const until = entries.get(id);
    if (until === undefined) return false;
    if (until > now) return true;
    entries.delete(id);
    return false;
  }

  private apply(revocations: Revocation[], ttlMs = REVOCATION_TTL_SECONDS * 1000): void {
    const until = Date.now() + ttlMs;
    for (const revocation of revocations) {
      if (revocation.kind === 'session') this.sessions.set(revocation.id, until);
      else if (revocation.kind === 'key') {
        const known = this.live(this.keys, revocation.id, Date.now());
        this.keys.set(revocation.id, until);
        if (!known) this.options.onKeyRevoked?.(revocation.id);
      } else {
        const previous = this.users.get(revocation.id);
        this.users.set(revocation.id, {
          before: Math.max(previous?.before ?? 0, revocation.before),
          until,
        });
      }
    }
  }

  /** Subscribes, then loads every stored revocation; the feed is healthy once both succeeded. */
  private sync(): Promise<void> {
    this.syncing ??= (async () => {
      try {
        await this.subscriber!.subscribe(REVOCATION_CHANNEL);
        await this.load();
        this.sweep();
        this.setHealthy(true);
      } catch (error) {
        this.markDown(error);
      } finally {
        this.syncing = undefined;
      }
    })();
    return this.syncing;
  }

  private async load(): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await this.reader!.scan(
        cursor,
        'MATCH',
        `${REVOCATION_KEY_PREFIX}*`,
        'COUNT',
        SCAN_BATCH,
      );
      cursor = next;
      if (keys.length === 0) continue;
      const pipeline = this.reader!.pipeline();
      for (const key of keys) pipeline.get(key).pttl(key);
      const replies = (await pipeline.exec()) ?? [];
      keys.forEach((key, index) => {
        const [getError, value] = replies[index * 2] ?? [];
        const [ttlError, ttl] = replies[index * 2 + 1] ?? [];
        if (getError || ttlError) throw getError ?? ttlError;
        const revocation = revocationFromKey(key, value as string | null);
        const remaining = Number(ttl);
        if (revocation)
          this.apply([revocation], remaining > 0 ? remaining : REVOCATION_TTL_SECONDS * 1000);
      });
    } while (cursor !== '0');
  }

  private async beat(): Promise<void> {
    if (this.stopped || !this.subscriber) return;
    if (this.subscriber.status !== 'ready') {
      this.markDown();
      return;
    }
    try {
      await this.subscriber.ping();
      if (!this.healthy) await this.sync();
    } catch (error) {
      this.markDown(error);
    }
    this.sweep();
  }

  private sweep(): void {
    const now = Date.now();
    for (const entries of [this.sessions, this.keys]) {
      for (const [id, until] of entries) if (until <= now) entries.delete(id);
    }
    for (const [id, entry] of this.users) if (entry.until <= now) this.users.delete(id);
  }

  private markDown(error?: unknown): void {
    if (this.healthy) this.setHealthy(false, error);
  }

  private setHealthy(healthy: boolean, error?: unknown): void {
    if (this.healthy === healthy) return;
    this.healthy = healthy;
    this.options.onStateChange?.({ healthy, error });
  }
}
