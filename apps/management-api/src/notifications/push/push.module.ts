import { Module } from '@nestjs/common';
import { ExpoPushClient } from './expo-push.client.js';
import { PushDelivery } from './push-delivery.js';
import { PushDevicesResolver } from './push-devices.resolver.js';
import { PushDevices } from './push-devices.service.js';
import { PushDeviceRegistration } from './push-devices.system-path.js';
import { PushReceiptsJob } from './push-receipts.job.js';
import { PushTicketStore } from './push-tickets.system-path.js';

/**
 * Push notifications through Expo: the account's devices (registerDevice,
 * unregisterDevice), delivery to them (PushDelivery, for the notifications
 * feature) and the receipts job.
 */
@Module({
  providers: [
    ExpoPushClient,
    PushTicketStore,
    PushDeviceRegistration,
    PushDevices,
    PushDevicesResolver,
    PushDelivery,
    PushReceiptsJob,
  ],
  exports: [PushDelivery],
})
export class PushModule {}
