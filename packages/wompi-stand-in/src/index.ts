export { createWompiStandIn, type WompiStandIn, type WompiStandInOptions } from './server.js';
export { loadConfig, ConfigError, type StandInConfig } from './config.js';
export type { Merchant, MerchantInput } from './merchants.js';
export type { TransactionData, TransactionStatus } from './transactions.js';
export type { Delivery, DeliveryAttempt, TransactionEvent } from './events.js';
export { eventChecksum, integritySignature } from './signatures.js';
