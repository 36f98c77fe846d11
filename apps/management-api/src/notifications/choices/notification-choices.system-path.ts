import { Injectable } from '@nestjs/common';
import { SystemDatabase } from '../../database/system-database.js';
import type { NotificationChannel, NotificationKind } from '../../generated/prisma/enums.js';

/**
 * Whether an account keeps one kind of notice on one channel, for the senders
 * that work outside any request (the mail consumers): every kind is on until
 * its account turns it off. Mail to an address without an account (a guest
 * donor, a ticket given to an email) has no choices to honour.
 */
@Injectable()
export class NotificationChoices {
  constructor(private readonly system: SystemDatabase) {}

  async allows(
    userId: string | null | undefined,
    kind: NotificationKind,
    channel: NotificationChannel,
  ): Promise<boolean> {
    if (!userId) return true;
    const [choice] = await this.system.run(
      'notifications.deliver',
      { actor: 'notifications', reason: `${kind} by ${channel}`, quietWhenIdle: true },
      (tx) => tx.$queryRaw<{ enabled: boolean }[]>`
        SELECT enabled FROM notification_preferences
        WHERE user_id = ${userId} AND kind = ${kind}::notification_kind
          AND channel = ${channel}::notification_channel`,
    );
    return choice?.enabled ?? true;
  }
}
