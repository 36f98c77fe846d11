import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { AuditService } from '../audit/audit.service.js';
import type { ClientInfo } from '../common/auth-context.js';
import { constantTimeEqualHex, sha256Hex } from '../common/opaque-token.js';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth-config.js';
import { RateLimitService } from '../rate-limit/rate-limit.service.js';
import { AccessTokensService } from '../tokens/access-tokens.service.js';
import { SERVICE_TOKEN_TTL_SECONDS } from '../tokens/token-lifetimes.js';
import type { ServiceTokenDto } from './dto/service-token.dto.js';

/** A hash nothing matches, compared for unknown clients so both paths do the same work. */
const NO_CLIENT_HASH = '0'.repeat(64);

/**
 * OAuth-style client credentials for other services. Secrets are configured
 * (SERVICE_CLIENTS) and compared only as SHA-256 hashes, in constant time.
 */
@Injectable()
export class ServiceClientsService {
  constructor(
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    private readonly tokens: AccessTokensService,
    private readonly limits: RateLimitService,
    private readonly audit: AuditService,
  ) {}

  async issueToken(clientId: string, secret: string, client: ClientInfo): Promise<ServiceTokenDto> {
    await this.limits.consume('serviceTokenPerIp', client.ip, { client });
    const registered = this.config.SERVICE_CLIENTS.find((c) => c.clientId === clientId);
    const matches = constantTimeEqualHex(
      registered?.secretHash ?? NO_CLIENT_HASH,
      sha256Hex(secret),
    );
    if (!registered || !matches) {
      await this.audit.record({ type: 'service_token.refused', client, data: { clientId } });
      throw new AppError('INVALID_CLIENT', 'Unknown client or wrong secret');
    }
    const accessToken = await this.tokens.signServiceToken(clientId);
    await this.audit.record({
      type: 'service_token.issued',
      actor: `service:${clientId}`,
      client,
      data: { clientId, expiresIn: SERVICE_TOKEN_TTL_SECONDS },
    });
    return { accessToken, tokenType: 'Bearer', expiresIn: SERVICE_TOKEN_TTL_SECONDS };
  }
}
