import {
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleAll,
  retry,
  timeout,
  TimeoutStrategy,
  wrap,
  type IPolicy,
} from 'cockatiel';
import { importJWK, type JWK } from 'jose';
import { AppError } from '../errors/app-error.js';

export interface JwksKeyStoreOptions {
  jwksUrl: string;
  /** Per attempt. */
  timeoutMs?: number;
  attempts?: number;
  /** Failed fetches in a row before the breaker opens. */
  breakerThreshold?: number;
  /** How long the breaker stays open before one trial fetch. */
  breakerHalfOpenAfterMs?: number;
  /** At most one refetch for unknown key ids in this window. */
  unknownKidCooldownMs?: number;
  /**
   * Held keys are refreshed in the background once older than this, so keys
   * published ahead of a rotation are known before they sign anything.
   */
  maxAgeMs?: number;
  fetch?: typeof fetch;
}

type VerificationKey = Awaited<ReturnType<typeof importJWK>>;

/** How long a withdrawn key id stays refused: a token's lifetime plus skew. */
const WITHDRAWN_KEY_MEMORY_MS = (15 * 60 + 60) * 1000;

/**
 * The Auth Service's public signing keys, cached. An unknown `kid` (a rotated
 * key) triggers a refetch, at most once per cooldown; fetches are guarded by a
 * timeout, retries with jittered backoff and a circuit breaker, so a failing
 * Auth Service costs callers a fast error rather than a pile-up. Each fetch
 * replaces the held set: keys the JWKS no longer lists stop verifying.
 */
export class JwksKeyStore {
  private keys = new Map<string, VerificationKey>();
  private readonly withdrawn = new Map<string, number>();
  private lastFetchAt = 0;
  private inFlight?: Promise<void>;
  private readonly policy: IPolicy;
  private readonly breaker;
  private readonly options: Required<Omit<JwksKeyStoreOptions, 'fetch'>> & {
    fetch: typeof fetch;
  };

  constructor(options: JwksKeyStoreOptions) {
    this.options = {
      timeoutMs: 2000,
      attempts: 3,
      breakerThreshold: 5,
      breakerHalfOpenAfterMs: 10_000,
      unknownKidCooldownMs: 5_000,
      maxAgeMs: 60_000,
      fetch: globalThis.fetch,
      ...options,
    };
    this.breaker = circuitBreaker(handleAll, {
      halfOpenAfter: this.options.breakerHalfOpenAfterMs,
      breaker: new ConsecutiveBreaker(this.options.breakerThreshold),
    });
    this.policy = wrap(
      this.breaker,
      retry(handleAll, {
        maxAttempts: this.options.attempts - 1,
        backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 1000 }),
      }),
      timeout(this.options.timeoutMs, TimeoutStrategy.Aggressive),
    );
  }

  /** 'closed' | 'open' | 'halfOpen' | 'isolated', for health and tests. */
  get breakerState(): string {
    const names: Record<CircuitState, string> = {
      [CircuitState.Closed]: 'closed',
      [CircuitState.Open]: 'open',
      [CircuitState.HalfOpen]: 'halfOpen',
      [CircuitState.Isolated]: 'isolated',
    };
    return names[this.breaker.state];
  }

  async getKey(kid: string): Promise<VerificationKey> {
    if (this.isWithdrawn(kid)) throw new AppError('UNAUTHENTICATED', 'Revoked signing key');
    const cached = this.keys.get(kid);
    if (cached) {
      if (Date.now() - this.lastFetchAt > this.options.maxAgeMs) {
        // Stale but valid: answer now, refresh behind the request.
        this.refresh().catch(() => undefined);
      }
      return cached;
    }
    const neverFetched = this.lastFetchAt === 0;
    if (neverFetched || Date.now() - this.lastFetchAt >= this.options.unknownKidCooldownMs) {
      await this.refresh();
    }
    const key = this.keys.get(kid);
    if (!key) throw new AppError('UNAUTHENTICATED', 'Unknown signing key');
    return key;
  }

  /** Refetches the key set; concurrent callers share one fetch. */
  refresh(): Promise<void> {
    this.inFlight ??= this.fetchKeys().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async fetchKeys(): Promise<void> {
    let body: { keys?: JWK[] };
    try {
      body = await this.policy.execute(async ({ signal }) => {
        const response = await this.options.fetch(this.options.jwksUrl, { signal });
        if (!response.ok) throw new Error(`JWKS answered ${response.status}`);
        return (await response.json()) as { keys?: JWK[] };
      });
    } catch (error) {
      // Keys we already hold stay valid; only new key ids are unavailable.
      throw new AppError('UNAUTHENTICATED', 'Signing keys are unavailable', { cause: error });
    } finally {
      this.lastFetchAt = Date.now();
    }
    // The JWKS is the whole truth: a key it no longer lists (expired or
    // revoked) is dropped, so tokens it signed stop verifying here too.
    const next = new Map<string, VerificationKey>();
    for (const jwk of body.keys ?? []) {
      if (!jwk.kid || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519') continue;
      if (this.isWithdrawn(jwk.kid)) continue;
      next.set(jwk.kid, await importJWK(jwk, 'EdDSA'));
    }
    this.keys = next;
  }

  /** True while the key store holds this key (a remembered token is only as good as its key). */
  holds(kid: string): boolean {
    return this.keys.has(kid);
  }

  /**
   * Drops a key at once (the Auth Service revoked it) and refuses to take it
   * back from a JWKS answer that still lists it (an instance that has not yet
   * re-read its keys) until every token it signed has expired.
   */
  forget(kid: string, forMs = WITHDRAWN_KEY_MEMORY_MS): void {
    this.keys.delete(kid);
    this.withdrawn.set(kid, Date.now() + forMs);
  }

  private isWithdrawn(kid: string): boolean {
    const until = this.withdrawn.get(kid);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.withdrawn.delete(kid);
    return false;
  }
}
