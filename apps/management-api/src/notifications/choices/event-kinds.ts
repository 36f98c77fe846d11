import type { NotificationKind } from '../../generated/prisma/enums.js';
import type { ManagementEventType } from '../../outbox/management-events.js';

/**
 * The kind of notice each mailed domain event is, so every sender checks the
 * recipient's choice for the same kind.
 */
export const NOTICE_KIND_OF: Partial<Record<ManagementEventType, NotificationKind>> = {
  'order.paid': 'ORDER_CONFIRMED',
  'order.tickets_reissued': 'ORDER_CONFIRMED',
  'ticket.transferred': 'TICKET_RECEIVED',
  'waitlist.offered': 'WAITLIST_OFFER',
  'donation.succeeded': 'DONATION_RECEIPT',
  'donation.refunded': 'DONATION_RECEIPT',
  'recurring.failed': 'RECURRING_FAILED',
};
