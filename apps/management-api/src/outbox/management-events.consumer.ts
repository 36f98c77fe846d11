import { AppError } from '@trivance/shared';
import type { ManagementEventType, RelayedManagementEvent } from './management-events.js';

const TYPES: readonly ManagementEventType[] = [
  'order.paid',
  'order.expired',
  'order.tickets_reissued',
  'order.cancelled',
  'order.refunded',
  'event.published',
  'event.cancelled',
  'ticket.checked_in',
  'ticket.transferred',
  'waitlist.offered',
  'payment_settings.changed',
  'donation.succeeded',
  'donation.refunded',
  'recurring.failed',
  'publication.published',
];

export class MalformedManagementEvent extends Error {}

/** Reads one relayed event from its stream fields. */
export function parseManagementEvent(fields: string[]): RelayedManagementEvent {
  const map = new Map<string, string>();
  for (let index = 0; index + 1 < fields.length; index += 2)
    map.set(fields[index]!, fields[index + 1]!);
  const type = map.get('type') as ManagementEventType | undefined;
  const id = map.get('id');
  const organizationId = map.get('organizationId');
  if (!id || !organizationId || !type || !TYPES.includes(type)) {
    throw new MalformedManagementEvent('missing id, organizationId or a known type');
  }
  try {
    return {
      id,
      type,
      organizationId,
      userId: map.get('userId') ?? null,
      occurredAt: map.get('occurredAt') ?? '',
      payload: JSON.parse(map.get('payload') ?? 'null'),
    } as RelayedManagementEvent;
  } catch {
    throw new MalformedManagementEvent('payload is not JSON');
  }
}

export const isMalformedManagementEvent = (error: unknown) =>
  error instanceof MalformedManagementEvent ||
  (error instanceof AppError && error.code === 'BAD_USER_INPUT');
