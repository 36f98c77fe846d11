import type { AcceptanceTokens } from './acceptance.js';
import type { EventDeliveries } from './events.js';
import type { MerchantRegistry } from './merchants.js';
import type { PaymentSources } from './payment-sources.js';
import type { TokenVault } from './tokens.js';
import type { Transactions } from './transactions.js';

/** Everything a route needs, built once per stand-in so each test gets its own state. */
export interface StandInContext {
  merchants: MerchantRegistry;
  acceptance: AcceptanceTokens;
  tokens: TokenVault;
  sources: PaymentSources;
  transactions: Transactions;
  deliveries: EventDeliveries;
}
