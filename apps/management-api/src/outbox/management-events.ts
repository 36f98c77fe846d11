/**
 * The Management API's own domain events (DOMAIN.md, "Domain events"),
 * written to the outbox with the change and relayed to a Redis Stream.
 * Delivery is at least once; consumers de-duplicate by event id or by what
 * they do (one confirmation mail per order).
 */
export const MANAGEMENT_EVENTS_STREAM = 'trivance:management:events';

export interface TicketSummary {
  id: string;
  code: string;
  holderName: string;
  ticketTypeName: string;
}

export interface ManagementEventPayloads {
  'order.paid': {
    orderId: string;
    eventId: string;
    eventTitle: string;
    startsAt: string;
    timezone: string;
    venue: string | null;
    organizationName: string;
    buyerEmail: string;
    buyerName: string;
    total: string;
    currency: string;
    tickets: TicketSummary[];
  };
  'order.expired': { orderId: string; eventId: string };
  /** The order's tickets got new codes (the event's date changed): the same shape as order.paid. */
  'order.tickets_reissued': ManagementEventPayloads['order.paid'];
  'order.cancelled': { orderId: string; eventId: string; reason: string };
  'order.refunded': {
    orderId: string;
    eventId: string;
    amount: string;
    currency: string;
    fully: boolean;
    reason: string | null;
  };
  'event.published': { eventId: string };
  'ticket.checked_in': { ticketId: string; eventId: string; checkedInAt: string };
  'ticket.transferred': {
    fromTicketId: string;
    toTicketId: string;
    eventId: string;
    eventTitle: string;
    startsAt: string;
    timezone: string;
    organizationName: string;
    ticketTypeName: string;
    toEmail: string;
    code: string;
  };
  'event.cancelled': { eventId: string; reason: string; affectedOrders: number };
  'waitlist.offered': {
    entryId: string;
    eventId: string;
    eventTitle: string;
    startsAt: string;
    timezone: string;
    organizationName: string;
    ticketTypeId: string;
    ticketTypeName: string;
    quantity: number;
    offeredUntil: string;
    email: string;
    name: string;
  };
  /**
   * An admin connected or replaced the organization's own Wompi merchant.
   * Never a secret: only the public key. The organization's admins at the
   * time of the change are the recipients of its notice.
   */
  'payment_settings.changed': {
    actorId: string;
    /** The actor's name in the organization (null for a platform operator without a profile). */
    actorName: string | null;
    organizationName: string;
    wompiPublicKey: string;
    /** True when the organization had no merchant of its own before. */
    connected: boolean;
    changedAt: string;
    admins: PaymentSettingsRecipient[];
  };
  /**
   * A gift succeeded and got its receipt number. The donor's own address and
   * name, never words chosen by someone else (a tribute's name stays out of mail).
   */
  'donation.succeeded': {
    donationId: string;
    campaignId: string;
    campaignTitle: string;
    organizationName: string;
    organizationLegalName: string | null;
    organizationTaxId: string | null;
    receiptNumber: number;
    amount: string;
    fee: string;
    total: string;
    currency: string;
    frequency: 'ONE_TIME' | 'MONTHLY';
    donorEmail: string;
    donorName: string;
    donorTaxId: string | null;
    succeededAt: string;
  };
  /** Money went back on a gift (a refund, or the provider voiding the payment). */
  'donation.refunded': {
    donationId: string;
    campaignId: string;
    campaignTitle: string;
    organizationName: string;
    receiptNumber: number | null;
    amount: string;
    currency: string;
    fully: boolean;
    donorEmail: string;
    donorName: string;
  };
  /** A monthly gift stopped after its last attempt failed; the donor is told. */
  'recurring.failed': {
    recurringDonationId: string;
    campaignId: string;
    campaignTitle: string;
    organizationName: string;
    amount: string;
    currency: string;
    attempts: number;
    donorEmail: string;
    donorName: string;
  };
  /** A publication was published (each time it is); `publishAt` is when readers first see it. */
  'publication.published': {
    publicationId: string;
    kind: 'BANNER' | 'POST' | 'VIDEO';
    title: string;
    organizationName: string;
    publishAt: string;
  };
}

export interface PaymentSettingsRecipient {
  userId: string;
  email: string;
  name: string;
  /** The recipient's language when known; Spanish otherwise. */
  locale?: 'es' | 'en' | null;
}

export type ManagementEventType = keyof ManagementEventPayloads;

export type ManagementEvent = {
  [T in ManagementEventType]: {
    type: T;
    organizationId: string;
    /** The customer the event concerns, when there is one. */
    userId?: string | null;
    payload: ManagementEventPayloads[T];
  };
}[ManagementEventType];

/** An event as a consumer receives it from the stream. */
export type RelayedManagementEvent = ManagementEvent & { id: string; occurredAt: string };
