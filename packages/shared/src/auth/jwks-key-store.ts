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

/**
 * The Auth Service's public signing keys, cached. An unknown `kid` (a rotated
 * key) triggers a refetch, at most once per cooldown; fetches are guarded by a
 * timeout, retries with jittered backoff and a circuit breaker, so a failing
 * Auth Service costs callers a fast error rather than a pile-up.
 */
export class JwksKeyStore {
  private keys = new Map<string, VerificationKey>();
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
    const next = new Map<string, VerificationKey>();
    for (const jwk of body.keys ?? []) {
      if (!jwk.kid || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519') continue;
      next.set(jwk.kid, await importJWK(jwk, 'EdDSA'));
    }
    // Keep keys we had: a JWKS that briefly omits one must not log everyone out.
    for (const [kid, key] of this.keys) if (!next.has(kid)) next.set(kid, key);
    this.keys = next;
  }
}
