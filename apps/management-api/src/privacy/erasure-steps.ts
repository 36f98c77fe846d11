import type { ErasureStep } from './erasure/erasure-step.js';
import { memberProfilesErasure } from './erasure/member-profiles.step.js';
import { monthlyGiftsErasure } from './erasure/monthly-gifts.step.js';
import {
  notificationPreferencesErasure,
  notificationsErasure,
} from './erasure/notifications.step.js';
import {
  donationsErasure,
  ordersErasure,
  ticketsErasure,
  waitlistErasure,
} from './erasure/purchases.step.js';
import { pushDevicesErasure } from './erasure/push-devices.step.js';

/**
 * What erasing a deleted account does in the Management API, in order, all
 * in one transaction. A table that holds an account's data adds its step
 * here (one line), with the rights for trivance_privacy_erasure in its
 * migration (see 20261203112000_privacy).
 */
export const ERASURE_STEPS: readonly ErasureStep[] = [
  memberProfilesErasure,
  // Before the purchases: a charge not yet sent is withdrawn while its gift still says PENDING.
  monthlyGiftsErasure,
  ordersErasure,
  ticketsErasure,
  donationsErasure,
  waitlistErasure,
  notificationsErasure,
  notificationPreferencesErasure,
  pushDevicesErasure,
];
