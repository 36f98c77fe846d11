/**
 * The named code paths allowed to cross tenants, each with the database role
 * that holds exactly the rights it needs (granted by the migrations, created
 * by provisioning). Add one here, with its reason, its role and its grants.
 */
export const SYSTEM_PATHS = {
  /** Applying the Auth Service's account and membership events to member profiles. */
  'member-sync.apply-event': { role: 'trivance_member_sync' },
  /** Reconciling member profiles with the Auth Service (`npm run members:resync`). */
  'member-sync.resync': { role: 'trivance_member_sync' },
  /** Platform operators creating an organization (and undoing one whose owner invite failed). */
  'platform.organizations': { role: 'trivance_platform' },
  /** Expiring unpaid orders in every organization and returning their seats. */
  'orders.expire-holds': { role: 'trivance_order_jobs' },
  /** Offering freed seats to waiting lists in every organization, and ending lapsed offers. */
  'waitlist.offers': { role: 'trivance_order_jobs' },
  /** Publishing the outbox to the Redis Stream. */
  'outbox.relay': { role: 'trivance_outbox_relay' },
  /** A holder handing a ticket to another person: a ticket of theirs is made for the recipient. */
  'tickets.transfer': { role: 'trivance_ticket_holders' },
  /** Tickets given to an email reaching its account once that email is verified. */
  'tickets.claim': { role: 'trivance_ticket_holders' },
  /** Deleting idempotency records past their retention, in every organization. */
  'idempotency.purge': { role: 'trivance_housekeeping' },
  /** Opening an organization's own Wompi merchant keys for its checkouts, webhooks and checks. */
  'payments.merchants': { role: 'trivance_payments' },
  /** Storing and settling provider events (webhooks) for the payment they are about. */
  'payments.webhooks': { role: 'trivance_payments' },
  /** Asking the provider about payments still pending, and settling what it says. */
  'payments.reconcile': { role: 'trivance_payments' },
  /** A guest's gift: written for the campaign's organization by someone without an account. */
  'donations.guests': { role: 'trivance_donations' },
  /** A guest's gifts reaching the account once its email is verified. */
  'donations.claim': { role: 'trivance_donations' },
  /** Charging the monthly gifts that are due, in every organization. */
  'donations.recurring': { role: 'trivance_donations' },
  /** A campaign's raised amount and donors, read from the ledger for anyone who may see it. */
  'campaigns.totals': { role: 'trivance_donations' },
  /** Turning a domain event into notifications for its recipients, in the event's organization. */
  'notifications.deliver': { role: 'trivance_notifications' },
  /** An account holder's export, asked for by the Auth Service: that account's rows alone. */
  'privacy.export': { role: 'trivance_privacy_export' },
  /** A deleted account's rows removed or anonymised (`user.deleted`): that account's rows alone. */
  'privacy.erase': { role: 'trivance_privacy_erasure' },
  /** A device's Expo push token registered to the signed-in account, moved from whoever had it (a phone changes hands). */
  'push.devices': { role: 'trivance_push' },
  /** Sending notifications to their recipients' devices, recording tickets, removing devices Expo says are gone. */
  'push.deliver': { role: 'trivance_push' },
  /** Checking receipts, resending what Expo has not accepted yet, removing gone devices, pruning old tickets. */
  'push.receipts': { role: 'trivance_push' },
} as const satisfies Record<string, { role: string }>;

export type SystemPath = keyof typeof SYSTEM_PATHS;
