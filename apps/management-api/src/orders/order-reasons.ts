/** DOMAIN.md refusal reasons for orders. */
export const ORDER_LIMIT_EXCEEDED = 'ORDER_LIMIT_EXCEEDED';
export const INVALID_DISCOUNT_CODE = 'INVALID_DISCOUNT_CODE';
export const REFUND_EXCEEDS_PAYMENT = 'REFUND_EXCEEDS_PAYMENT';
export const PAYMENT_PROVIDER_UNAVAILABLE = 'PAYMENT_PROVIDER_UNAVAILABLE';
/** A buyer holds at most this many PENDING orders per event (DOMAIN.md, "Limits"). */
export const MAX_PENDING_ORDERS_PER_EVENT = 3;
