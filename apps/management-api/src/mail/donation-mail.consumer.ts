import {
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { StreamConsumer } from '../common/streams/stream-consumer.js';
import { InjectConfig, type ManagementConfig } from '../config/config.module.js';
import { NOTICE_KIND_OF } from '../notifications/choices/event-kinds.js';
import { NotificationChoices } from '../notifications/choices/notification-choices.system-path.js';
import {
  isMalformedManagementEvent,
  parseManagementEvent,
} from '../outbox/management-events.consumer.js';
import {
  MANAGEMENT_EVENTS_STREAM,
  type ManagementEventType,
  type RelayedManagementEvent,
} from '../outbox/management-events.js';
import { donationReceipt } from './donation-receipt.template.js';
import { donationRefunded } from './donation-refunded.template.js';
import { MailService } from './mail.service.js';
import { RecipientLocale } from './recipient-locale.js';
import { recurringFailed } from './recurring-failed.template.js';

export const DONATION_MAIL_GROUP = 'management-api-donation-mail';

/**
 * Sends the donor's receipt for each gift that succeeded (donation.succeeded),
 * a notice for each refund (donation.refunded) and for a monthly gift that
 * stopped after its last attempt (recurring.failed): at least once from the
 * stream (one consumer group across instances), exactly once to the donor
 * (the receipt's mail job is keyed by the gift, which succeeds once; a
 * refund's by its event, one per refund), so a redelivery is the same job.
 * Each in the donor's language (their account's; Spanish for a guest).
 */
/** The events this consumer mails. */
const DONATION_MAILS = new Set<ManagementEventType>([
  'donation.succeeded',
  'donation.refunded',
  'recurring.failed',
]);

@Injectable()
export class DonationMailConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: StreamConsumer<RelayedManagementEvent>;

  constructor(
    @InjectConfig() private readonly config: ManagementConfig,
    private readonly mail: MailService,
    private readonly choices: NotificationChoices,
    private readonly locales: RecipientLocale,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.BACKGROUND_JOBS) return;
    this.consumer = new StreamConsumer<RelayedManagementEvent>({
      redisUrl: this.config.REDIS_URL,
      stream: MANAGEMENT_EVENTS_STREAM,
      deadLetterStream: `${MANAGEMENT_EVENTS_STREAM}:dead:${DONATION_MAIL_GROUP}`,
      group: DONATION_MAIL_GROUP,
      maxDeliveries: 8,
      parse: parseManagementEvent,
      isMalformed: isMalformedManagementEvent,
      handle: async (event) => {
        if (!DONATION_MAILS.has(event.type)) return 'ignored';
        const kind = NOTICE_KIND_OF[event.type];
        if (kind && !(await this.choices.allows(event.userId, kind, 'EMAIL'))) return 'declined';
        // The donor's account (null for a guest, whose mail is in Spanish).
        const locale = await this.locales.of(event.userId);
        switch (event.type) {
          case 'donation.succeeded':
            await this.mail.send(
              donationReceipt(event.payload, locale),
              `donation-succeeded-${event.payload.donationId}`,
            );
            return 'sent';
          case 'donation.refunded':
            await this.mail.send(
              donationRefunded(event.payload, locale),
              `donation-refunded-${event.id}`,
            );
            return 'sent';
          case 'recurring.failed':
            // A monthly gift fails once: keyed by the gift.
            await this.mail.send(
              recurringFailed(event.payload, locale),
              `recurring-failed-${event.payload.recurringDonationId}`,
            );
            return 'sent';
          default:
            return 'ignored';
        }
      },
    });
    this.consumer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }
}
