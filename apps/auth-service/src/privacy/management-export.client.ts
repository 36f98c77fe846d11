import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import {
  ConsecutiveBreaker,
  ExponentialBackoff,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  TimeoutStrategy,
  wrap,
} from 'cockatiel';
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth-config.js';
import { SigningKeysService } from '../keys/signing-keys.service.js';

/** The audience the Management API accepts on its `/internal/v1` routes. */
export const MANAGEMENT_INTERNAL_AUDIENCE = 'management-internal';
/** Who the Auth Service is in its own service tokens. */
export const AUTH_SERVICE_SUBJECT = 'auth-service';
/** Long enough for one export request with its retries; a leaked token is soon useless. */
export const MANAGEMENT_TOKEN_TTL_SECONDS = 60;
const ATTEMPT_TIMEOUT_MS = 10_000;

/** The Management API's part of an export, as it answers it. */
export interface ManagementExport {
  userId: string;
  generatedAt: string;
  sections: Record<string, unknown>;
}

class RetryableStatus extends Error {
  constructor(readonly status: number) {
    super(`management api answered ${status}`);
  }
}

/** Worth another try: the network, a timeout, a 5xx; never a refusal already decided. */
const passingFault = handleWhen((error) => !(error instanceof AppError));

function unavailable(cause?: unknown): AppError {
  return new AppError(
    'SERVICE_UNAVAILABLE',
    'The export cannot be put together right now; try again in a few minutes',
    { cause },
  );
}

/**
 * Asks the Management API for what it holds about an account, with a
 * service token the Auth Service signs itself (its signing key, audience
 * management-internal, 60 seconds). Timeouts, retries with jittered backoff
 * and a circuit breaker; when the Management API cannot answer, the export
 * is SERVICE_UNAVAILABLE, never a partial document.
 */
@Injectable()
export class ManagementExportClient {
  private readonly logger = new Logger(ManagementExportClient.name);
  private readonly policy = wrap(
    retry(passingFault, { maxAttempts: 2, backoff: new ExponentialBackoff({ initialDelay: 200 }) }),
    circuitBreaker(passingFault, {
      halfOpenAfter: 10_000,
      breaker: new ConsecutiveBreaker(5),
    }),
    timeout(ATTEMPT_TIMEOUT_MS, TimeoutStrategy.Aggressive),
  );

  constructor(
    private readonly keys: SigningKeysService,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  async exportAccount(userId: string): Promise<ManagementExport> {
    const url = new URL(
      `/internal/v1/accounts/${encodeURIComponent(userId)}/export`,
      this.config.MANAGEMENT_API_URL,
    );
    try {
      return await this.policy.execute(async ({ signal }) => {
        const response = await fetch(url, {
          headers: { authorization: `Bearer ${await this.serviceToken()}` },
          signal,
        });
        if (response.status >= 500 || response.status === 429) {
          throw new RetryableStatus(response.status);
        }
        if (!response.ok) {
          // A refusal is a deployment mistake (keys, audience), not a passing fault.
          this.logger.error({ status: response.status }, 'management api refused the export');
          throw unavailable();
        }
        const body = (await response.json()) as ManagementExport;
        if (body?.userId !== userId || typeof body.sections !== 'object' || !body.sections) {
          throw unavailable();
        }
        return body;
      });
    } catch (error) {
      if (error instanceof AppError) throw error;
      this.logger.warn({ err: error }, 'management api export failed');
      throw unavailable(error);
    }
  }

  private async serviceToken(): Promise<string> {
    const { kid, privateKey } = await this.keys.signingKey();
    return new SignJWT({ client_id: AUTH_SERVICE_SUBJECT })
      .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'at+jwt' })
      .setSubject(AUTH_SERVICE_SUBJECT)
      .setIssuer(this.config.JWT_ISSUER)
      .setAudience(MANAGEMENT_INTERNAL_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${MANAGEMENT_TOKEN_TTL_SECONDS}s`)
      .setJti(randomUUID())
      .sign(privateKey);
  }
}
