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
  if (!DOMAIN_EVENT_TYPES.includes(type)) throw new MalformedEventError(`unknown type ${type}`);
  let payload: unknown;
  try {
    payload = JSON.parse(rawPayload);
  } catch {
    throw new MalformedEventError('payload is not JSON');
  }
  if (
    typeof payload !== 'object' ||
    payload === null ||
    typeof (payload as { userId?: unknown }).userId !== 'string'
  ) {
    throw new MalformedEventError('payload has no userId');
  }
  return {
    id,
    type,
    occurredAt,
    payload,
    traceparent: map.get('traceparent'),
  } as DomainEvent;
}
