export {
  createExpoPushStandIn,
  PUSH_API_PREFIX,
  type ExpoPushStandIn,
  type ExpoPushStandInOptions,
} from './server.js';
export { loadConfig, ConfigError, type StandInConfig } from './config.js';
export {
  FAULT_STATUSES,
  PushService,
  type Endpoint,
  type Fault,
  type OutcomeStage,
  type ReceivedMessage,
  type RequestRecord,
  type TokenOutcome,
} from './push-service.js';
export {
  EXPO_ERROR_CODES,
  isExpoPushToken,
  MESSAGE_SIZE_LIMIT,
  RECEIPTS_LIMIT,
  SEND_LIMIT,
  type ExpoErrorCode,
  type PushMessage,
  type PushReceipt,
  type PushTicket,
} from './messages.js';
export { STAND_IN_PREFIX } from './stand-in-routes.js';
