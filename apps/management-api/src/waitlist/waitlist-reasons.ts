/** Refusal reasons of the waiting list (added to DOMAIN.md's, never renamed). */
/** Joining while the seats asked for can still be bought. */
export const NOT_SOLD_OUT = 'NOT_SOLD_OUT';
/** The account already waits (or holds an offer) for this ticket type. */
export const ALREADY_ON_WAITLIST = 'ALREADY_ON_WAITLIST';
/** Ordering with an entry that holds no live offer: still waiting, used, lapsed or left. */
export const WAITLIST_OFFER_UNAVAILABLE = 'WAITLIST_OFFER_UNAVAILABLE';
/** The most one entry may wait for when the ticket type sets no maxPerOrder. */
export const MAX_WAITLIST_QUANTITY = 10;
