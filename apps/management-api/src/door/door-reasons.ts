/** DOMAIN.md refusal reasons at the door. */
export const ALREADY_CHECKED_IN = 'ALREADY_CHECKED_IN';
export const TICKET_VOID = 'TICKET_VOID';
export const WRONG_EVENT = 'WRONG_EVENT';
export const INVALID_TICKET = 'INVALID_TICKET';
export const EVENT_NOT_PUBLISHED = 'EVENT_NOT_PUBLISHED';
/** An offline scan that an earlier one (uploaded later) took the admission from. */
export const SUPERSEDED_BY_EARLIER_SCAN = 'SUPERSEDED_BY_EARLIER_SCAN';
/** How long staff may take back a check-in made by mistake. */
export const UNDO_WINDOW_MS = 10 * 60_000;
