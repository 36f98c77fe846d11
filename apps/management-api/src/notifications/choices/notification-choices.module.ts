import { Module } from '@nestjs/common';
import { NotificationChoices } from './notification-choices.system-path.js';

/** Accounts' choices per kind and channel, for senders outside the notifications module. */
@Module({ providers: [NotificationChoices], exports: [NotificationChoices] })
export class NotificationChoicesModule {}
