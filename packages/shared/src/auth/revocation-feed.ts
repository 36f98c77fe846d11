import type { Redis } from 'ioredis';

/**
 * The revocation feed: how the Auth Service tells every verifier, within
 * seconds, that access tokens it signed must no longer be honoured before they
 * expire. This file is the contract between publisher and verifiers.
 *
 * Each revocation is written twice in one MULTI: as a Redis key that lives as
 * long as the tokens it kills could (so a verifier that (re)connects loads the
 * current set with SCAN), and as a message on a pub/sub channel (so running
 * verifiers learn it at once).
 */
export const REVOCATION_CHANNEL = 'trivance:auth:revocations';
export const REVOCATION_KEY_PREFIX = 'trivance:auth:revoked:';

/**
 * How long a revocation is kept: the access-token lifetime plus clock skew.
 * After that every token it concerns has expired anyway.
 */
export const REVOCATION_TTL_SECONDS = 15 * 60 + 60;

export type Revocation =
  /** Sessions that ended: tokens carrying one of these `sid`s are refused. */
  | { kind: 'session'; id: string }
  /** Every token of the account issued at or before `before` (epoch seconds) is refused. */
  | { kind: 'user'; id: string; before: number }
  /** A signing key withdrawn at once: tokens with this `kid` are refused. */
  | { kind: 'key'; id: string };

const KINDS = ['session', 'user', 'key'] as const;

export function revocationKey(revocation: Revocation): string {
  return `${REVOCATION_KEY_PREFIX}${revocation.kind}:${revocation.id}`;
}

function valueOf(revocation: Revocation): string {
  return revocation.kind === 'user' ? String(revocation.before) : '1';
}

/** Parses a stored key and value back into a revocation; undefined when it is not one. */
export function revocationFromKey(key: string, value: string | null): Revocation | undefined {
  if (!key.startsWith(REVOCATION_KEY_PREFIX) || value === null) return undefined;
  const rest = key.slice(REVOCATION_KEY_PREFIX.length);
  const colon = rest.indexOf(':');
  const kind = rest.slice(0, colon) as Revocation['kind'];
  const id = rest.slice(colon + 1);
  if (colon < 0 || !KINDS.includes(kind) || !id) return undefined;
  if (kind === 'user') {
    const before = Number(value);
    return Number.isFinite(before) ? { kind, id, before } : undefined;
  }
  return { kind, id };
}

/** Parses a channel message (a JSON array of revocations); malformed entries are skipped. */
export function revocationsFromMessage(message: string): Revocation[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((entry: unknown) => {
    if (!entry || typeof entry !== 'object') return [];
    const { kind, id, before } = entry as Record<string, unknown>;
    if (typeof id !== 'string' || !KINDS.includes(kind as Revocation['kind'])) return [];
    if (kind === 'user') {
      return typeof before === 'number' ? [{ kind, id, before } as Revocation] : [];
    }
    return [{ kind, id } as Revocation];
  });
}

/** Writes revocations (keys with their TTL) and announces them, in one MULTI. */
export async function publishRevocations(redis: Redis, revocations: Revocation[]): Promise<void> {
  if (revocations.length === 0) return;
  const multi = redis.multi();
  for (const revocation of revocations) {
    multi.set(revocationKey(revocation), valueOf(revocation), 'EX', REVOCATION_TTL_SECONDS);
  }
  multi.publish(REVOCATION_CHANNEL, JSON.stringify(revocations));
  const results = await multi.exec();
  const failed = results?.find(([error]) => error);
  if (!results || failed) throw failed?.[0] ?? new Error('revocation publish was discarded');
}
