import { Injectable } from '@nestjs/common';
import { AppError, requestContext } from '@trivance/shared';
import { createHash, randomUUID } from 'node:crypto';
import stableStringify from 'safe-stable-stringify';
import superjson, { type SuperJSONResult } from 'superjson';
import { Prisma } from '../generated/prisma/client.js';
import type { SqlExecutor } from '../common/sql-executor.js';
import { UnitOfWork } from '../tenancy/unit-of-work.js';

/** How long a first result is kept and replayed (at least a day, for retries across outages). */
export const IDEMPOTENCY_RETENTION_HOURS = 24;

export const IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED';

export interface IdempotentRequest {
  /** The mutation, e.g. `orderTickets`. */
  operation: string;
  /** The organization the mutation acts in (the seller, for a buyer's order). */
  organizationId: string;
  /** The client's key; without one the request is simply run once. */
  key?: string | null;
  /** What the request means (normalized input): the same key with another meaning is refused. */
  input: unknown;
}

const serialized = (result: unknown) => JSON.stringify(superjson.serialize(result));

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

/**
 * The one idempotency mechanism for mutations that take a key. The stored key
 * is derived on the server from (organization, actor, operation, client key),
 * so no caller can reach another's record, and is bound to a hash of the
 * request's meaning. The record is claimed, the work done and its result
 * stored in one unit of work: a concurrent duplicate waits on the claim and
 * then replays the result; a failure leaves nothing behind, so a retry runs
 * again.
 */
@Injectable()
export class Idempotency {
  constructor(private readonly units: UnitOfWork) {}

  /**
   * Runs `work` once per key; its result is stored when it returns. A result
   * known before the work starts (an id the caller chose, say) is given as
   * `options.result` and stored with the claim itself, a round trip fewer.
   */
  run<T>(
    request: IdempotentRequest,
    work: (derivedKey: string) => Promise<T>,
    options: { timeoutMs?: number; result?: T } = {},
  ): Promise<T> {
    const actorId = requestContext.principal().userId;
    if (!request.key) return this.units.run(() => work(randomUUID()), options);
    return this.units.run(
      (unit) => this.once(unit, actorId, request, work, options.result),
      options,
    );
  }

  /**
   * The same, inside a transaction the caller holds (a system path acting
   * for someone without an account): the actor is named by the caller, e.g.
   * `guest:<normalized email>`, and can reach no account's records.
   */
  runIn<T>(
    sql: SqlExecutor,
    actor: string,
    request: IdempotentRequest,
    work: (derivedKey: string) => Promise<T>,
    options: { result?: T } = {},
  ): Promise<T> {
    if (!request.key) return work(randomUUID());
    return this.once(sql, actor, request, work, options.result);
  }

  private async once<T>(
    sql: SqlExecutor,
    actor: string,
    request: IdempotentRequest,
    work: (derivedKey: string) => Promise<T>,
    knownResult: T | undefined,
  ): Promise<T> {
    const keyHash = sha256(
      stableStringify([request.organizationId, actor, request.operation, request.key]),
    );
    const requestHash = sha256(stableStringify(request.input) ?? 'null');
    const organizationId = request.organizationId;
    // Records of accounts carry the account; an actor without one (a guest) none.
    const userId = actor.startsWith('guest:') ? null : actor;
    const known = knownResult === undefined ? undefined : serialized(knownResult);
    const claimed = await sql.query(Prisma.sql`
      INSERT INTO idempotency_records AS record
        (organization_id, key_hash, user_id, operation, request_hash, result, expires_at)
      VALUES (${organizationId}::uuid, ${keyHash}, ${userId}, ${request.operation},
              ${requestHash}, ${known ?? 'null'}::jsonb,
              now() + make_interval(hours => ${IDEMPOTENCY_RETENTION_HOURS}))
      ON CONFLICT (organization_id, key_hash) DO UPDATE
        SET operation = EXCLUDED.operation, request_hash = EXCLUDED.request_hash,
            result = EXCLUDED.result, created_at = now(), expires_at = EXCLUDED.expires_at
        WHERE record.expires_at <= now()
      RETURNING 1`);
    if (claimed.length === 0) {
      const [first] = await sql.query<{ request_hash: string; result: SuperJSONResult }>(
        Prisma.sql`SELECT request_hash, result FROM idempotency_records
                   WHERE organization_id = ${organizationId}::uuid AND key_hash = ${keyHash}`,
      );
      if (!first || first.request_hash !== requestHash) {
        throw new AppError(
          'CONFLICT',
          'This idempotency key was already used for another request',
          {
            reason: IDEMPOTENCY_KEY_REUSED,
          },
        );
      }
      return superjson.deserialize<T>(first.result);
    }
    const result = await work(keyHash);
    if (known === undefined) {
      await sql.execute(Prisma.sql`
        UPDATE idempotency_records SET result = ${serialized(result)}::jsonb
        WHERE organization_id = ${organizationId}::uuid AND key_hash = ${keyHash}`);
    }
    return result;
  }
}
