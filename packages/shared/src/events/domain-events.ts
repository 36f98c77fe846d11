import { z } from 'zod';

/**
 * Domain events the Auth Service publishes about accounts and memberships,
 * carried on a Redis Stream. This file is the contract between the services:
 * the Auth Service's relay writes entries with `toStreamFields`, consumers
 * read them with `fromStreamFields`. Delivery is at least once; consumers
 * de-duplicate by `id`.
 */
export const AUTH_EVENTS_STREAM = 'trivance:auth:events';
export const AUTH_EVENTS_DEAD_LETTER_STREAM = 'trivance:auth:events:dead';

export type OrganizationRoleName = 'admin' | 'moderator' | 'user';

export interface AccountSnapshot {
  userId: string;
  email: string;
  name: string;
  emailVerified: boolean;
}

export interface DomainEventPayloads {
  'user.registered': AccountSnapshot;
  'user.verified': { userId: string };
  'user.updated': AccountSnapshot;
  /** `role: null` means the membership was removed. */
  'membership.changed': AccountSnapshot & {
    organizationId: string;
    role: OrganizationRoleName | null;
  };
  'user.deleted': { userId: string };
}

export type DomainEventType = keyof DomainEventPayloads;
export const DOMAIN_EVENT_TYPES: readonly DomainEventType[] = [
  'user.registered',
  'user.verified',
  'user.updated',
  'membership.changed',
  'user.deleted',
];

export type DomainEvent = {
  [T in DomainEventType]: {
    /** Unique per event; the de-duplication key. */
    id: string;
    type: T;
    occurredAt: string;
    payload: DomainEventPayloads[T];
    /** W3C trace context of the change that caused the event, when traced. */
    traceparent?: string;
  };
}[DomainEventType];

export function toStreamFields(event: DomainEvent): string[] {
  const fields = [
    'id',
    event.id,
    'type',
    event.type,
    'occurredAt',
    event.occurredAt,
    'payload',
    JSON.stringify(event.payload),
  ];
  if (event.traceparent) fields.push('traceparent', event.traceparent);
  return fields;
}

export class MalformedEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedEventError';
  }
}

const accountId = z.string().regex(/^[0-9a-f]{24}$/, 'must be an account id');
const accountSnapshotSchema = z.object({
  userId: accountId,
  email: z.string().min(3).max(254),
  name: z.string().max(200),
  emailVerified: z.boolean(),
});

/** Every payload's schema: an event that does not match goes to the dead letters, unapplied. */
const PAYLOAD_SCHEMAS: { [T in DomainEventType]: z.ZodType<DomainEventPayloads[T]> } = {
  'user.registered': accountSnapshotSchema,
  'user.verified': z.object({ userId: accountId }),
  'user.updated': accountSnapshotSchema,
  'membership.changed': accountSnapshotSchema.extend({
    organizationId: z.uuid(),
    role: z.enum(['admin', 'moderator', 'user']).nullable(),
  }),
  'user.deleted': z.object({ userId: accountId }),
};

/** Parses a stream entry's flat field list; throws MalformedEventError on anything off. */
export function fromStreamFields(fields: string[]): DomainEvent {
  const map = new Map<string, string>();
  for (let index = 0; index + 1 < fields.length; index += 2) {
    map.set(fields[index]!, fields[index + 1]!);
  }
  const id = map.get('id');
  const type = map.get('type') as DomainEventType | undefined;
  const occurredAt = map.get('occurredAt');
  const rawPayload = map.get('payload');
  if (!id || !type || !occurredAt || rawPayload === undefined) {
    throw new MalformedEventError('missing id, type, occurredAt or payload');
  }
  if (id.length > 64) throw new MalformedEventError('id is too long');
  if (!DOMAIN_EVENT_TYPES.includes(type)) throw new MalformedEventError(`unknown type ${type}`);
  if (!z.iso.datetime().safeParse(occurredAt).success) {
    throw new MalformedEventError('occurredAt is not an ISO 8601 UTC time');
  }
  let json: unknown;
  try {
    json = JSON.parse(rawPayload);
  } catch {
    throw new MalformedEventError('payload is not JSON');
  }
  const payload = PAYLOAD_SCHEMAS[type].safeParse(json);
  if (!payload.success) {
    const problems = payload.error.issues.map(
      (i) => `${i.path.join('.') || 'payload'}: ${i.message}`,
    );
    throw new MalformedEventError(`${type} payload is invalid (${problems.join('; ')})`);
  }
  return {
    id,
    type,
    occurredAt,
    payload: payload.data,
    traceparent: map.get('traceparent'),
  } as DomainEvent;
}
