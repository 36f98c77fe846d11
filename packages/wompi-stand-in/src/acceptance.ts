import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { StandInError } from './errors.js';

/**
 * Wompi's presigned acceptance tokens are JWTs that prove the payer was shown
 * the terms; the stand-in signs its own (HS256) so it can refuse forged or
 * stale ones the way Wompi does.
 */
export type AcceptanceType = 'END_USER_POLICY' | 'PERSONAL_DATA_AUTH';

export interface PresignedAcceptance {
  acceptance_token: string;
  permalink: string;
  type: AcceptanceType;
}

interface AcceptanceClaims {
  contract_id: number;
  permalink: string;
  file_hash: string;
  jit: string;
  type: AcceptanceType;
  exp: number;
}

const CONTRACT_IDS: Record<AcceptanceType, number> = { END_USER_POLICY: 1, PERSONAL_DATA_AUTH: 2 };
export const TERMS_PATHS: Record<AcceptanceType, string> = {
  END_USER_POLICY: '/terms/end-user-policy',
  PERSONAL_DATA_AUTH: '/terms/personal-data-auth',
};

const base64Url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

export class AcceptanceTokens {
  constructor(
    private readonly secret: Buffer,
    private readonly baseUrl: () => string,
    private readonly ttlSeconds = 3600,
    private readonly now: () => Date = () => new Date(),
  ) {}

  issue(type: AcceptanceType): PresignedAcceptance {
    const permalink = `${this.baseUrl()}${TERMS_PATHS[type]}`;
    const claims: AcceptanceClaims = {
      contract_id: CONTRACT_IDS[type],
      permalink,
      file_hash: randomUUID().replaceAll('-', ''),
      jit: randomUUID(),
      type,
      exp: Math.floor(this.now().getTime() / 1000) + this.ttlSeconds,
    };
    const unsigned = `${base64Url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64Url(JSON.stringify(claims))}`;
    return { acceptance_token: `${unsigned}.${this.sign(unsigned)}`, permalink, type };
  }

  /** Throws Wompi's 422 on `field` unless the token is ours, of this type and not expired. */
  verify(token: string, type: AcceptanceType, field: string): void {
    const [header, payload, signature, ...rest] = token.split('.');
    const refuse = () => StandInError.invalid(field, 'El token de aceptación no es válido');
    if (!header || !payload || !signature || rest.length > 0) throw refuse();
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const actual = Buffer.from(signature);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw refuse();
    let claims: Partial<AcceptanceClaims>;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as AcceptanceClaims;
    } catch {
      throw refuse();
    }
    if (claims.type !== type) throw refuse();
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= this.now().getTime()) {
      throw StandInError.invalid(field, 'El token de aceptación expiró');
    }
  }

  private sign(unsigned: string): string {
    return createHmac('sha256', this.secret).update(unsigned).digest('base64url');
  }
}
