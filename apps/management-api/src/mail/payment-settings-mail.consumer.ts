import {
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { StreamConsumer } from '../common/streams/stream-consumer.js';
import { InjectConfig, type ManagementConfig } from '../config/config.module.js';
import {
  isMalformedManagementEvent,
  parseManagementEvent,
} from '../outbox/management-events.consumer.js';
import {
  MANAGEMENT_EVENTS_STREAM,
  type RelayedManagementEvent,
} from '../outbox/management-events.js';
import { MailService } from './mail.service.js';
import { paymentSettingsChanged } from './payment-settings-changed.template.js';
import { RecipientLocale } from './recipient-locale.js';

export const PAYMENT_SETTINGS_MAIL_GROUP = 'management-api-payment-settings-mail';

/**
 * Tells every admin of an organization that its own Wompi merchant changed
 * (payment_settings.changed): at least once from the stream (one consumer
 * group across instances), exactly once to each admin (the mail job is keyed
 * by the event and the admin, so a redelivery or another instance's retry is
 * the same job), each in the admin's language.
 */
@Injectable()
export class PaymentSettingsMailConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: StreamConsumer<RelayedManagementEvent>;

  constructor(
    @InjectConfig() private readonly config: ManagementConfig,
    private readonly mail: MailService,
    private readonly locales: RecipientLocale,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.BACKGROUND_JOBS) return;
    this.consumer = new StreamConsumer<RelayedManagementEvent>({
      redisUrl: this.config.REDIS_URL,
      stream: MANAGEMENT_EVENTS_STREAM,
      deadLetterStream: `${MANAGEMENT_EVENTS_STREAM}:dead:${PAYMENT_SETTINGS_MAIL_GROUP}`,
      group: PAYMENT_SETTINGS_MAIL_GROUP,
      maxDeliveries: 8,
      parse: parseManagementEvent,
      isMalformed: isMalformedManagementEvent,
      handle: async (event) => {
        if (event.type !== 'payment_settings.changed') return 'ignored';
        for (const admin of event.payload.admins) {
          await this.mail.send(
            paymentSettingsChanged(event.payload, {
              ...admin,
              locale: await this.locales.of(admin.userId),
            }),
            `payment-settings-changed-${event.id}-${admin.userId}`,
          );
        }
        return 'sent';
      },
    });
    this.consumer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }
}
