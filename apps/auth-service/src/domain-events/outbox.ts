import { Prop } from '@nestjs/mongoose';
import type {
  AccountSnapshot,
  DomainEvent,
  DomainEventPayloads,
  DomainEventType,
} from '@trivance/shared';
import { randomUUID } from 'node:crypto';

/**
 * Transactional outbox without transactions: a document that changes carries
 * the domain event describing the change in the same single-document write
 * (appended to `outbox`, with `lastEventAt`). The relay only reads these
 * fields; it never writes to the document, because FerretDB 1.x applies
 * updates as read-modify-write and a second writer could undo a change.
 */
export class OutboxFields {
  @Prop({ type: [Object], default: [] })
  outbox!: DomainEvent[];

  @Prop({ type: Date, default: null })
  lastEventAt!: Date | null;
}

export function domainEvent<T extends DomainEventType>(
  type: T,
  payload: DomainEventPayloads[T],
): DomainEvent {
  return { id: randomUUID(), type, occurredAt: new Date().toISOString(), payload } as DomainEvent;
}

export function accountSnapshot(user: {
  _id: unknown;
  email: string;
  name: string;
  emailVerifiedAt: Date | null;
}): AccountSnapshot {
  return {
    userId: String(user._id),
    email: user.email,
    name: user.name,
    emailVerified: user.emailVerifiedAt !== null,
  };
}

/** Fields of a new document that records its first event. */
export function initialOutbox(event: DomainEvent) {
  return { outbox: [event], lastEventAt: new Date(event.occurredAt) };
}

/** An update that makes `set` and records the event in the same write. */
export function updateWithEvent(event: DomainEvent, set: Record<string, unknown> = {}) {
  return {
    $set: { ...set, lastEventAt: new Date(event.occurredAt) },
    $push: { outbox: event },
  };
}
