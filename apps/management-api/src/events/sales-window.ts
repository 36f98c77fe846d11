import type { Event, TicketType } from '../generated/prisma/client.js';

/** When a ticket type's sales close: its own end, or when its event ends. */
export const salesCloseAt = (type: TicketType, event: Event): Date =>
  type.salesEndAt ?? event.endsAt;

/** True while buyers may order (or wait for) this ticket type. */
export function onSaleNow(type: TicketType, event: Event, now: Date): boolean {
  const opens = type.salesStartAt ?? event.publicSince ?? now;
  return event.status === 'PUBLISHED' && opens <= now && now < salesCloseAt(type, event);
}
