import { randomCode } from '../common/random-code.js';

/** Our reference for a payment: short enough to read out at a bank, 100 random bits. */
export function newPaymentReference(): string {
  return `TRV-${randomCode(20)}`;
}
