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
import { MailService } from './mail.service.js';
import { RecipientLocale } from './recipient-locale.js';
import { TicketMails } from './ticket-mails.js';
import { waitlistOffer } from './waitlist-offer.template.js';

export const MAIL_CONSUMER_GROUP = 'management-api-mail';

/**
 * Sends the buyer's confirmation for each paid order (order.paid) and the
 * recipient's ticket for each transfer (ticket.transferred), and each
 * waiting-list offer to its person (waitlist.offered): at least once
 * from the stream, exactly once to the person (the mail job is keyed by the
 * order or the new ticket), in the language of the account the event
 * concerns (its `userId`; Spanish without one).
 */
/** The events this consumer mails. */
const ORDER_MAILS = new Set<ManagementEventType>([
  'order.paid',
  'order.tickets_reissued',
  'ticket.transferred',
  'waitlist.offered',
]);

@Injectable()
export class OrderMailConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: StreamConsumer<RelayedManagementEvent>;

  constructor(
    @InjectConfig() private readonly config: ManagementConfig,
    private readonly mails: TicketMails,
    private readonly mail: MailService,
    private readonly choices: NotificationChoices,
    private readonly locales: RecipientLocale,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.BACKGROUND_JOBS) return;
    this.consumer = new StreamConsumer<RelayedManagementEvent>({
      redisUrl: this.config.REDIS_URL,
      stream: MANAGEMENT_EVENTS_STREAM,
      deadLetterStream: `${MANAGEMENT_EVENTS_STREAM}:dead:${MAIL_CONSUMER_GROUP}`,
      group: MAIL_CONSUMER_GROUP,
      maxDeliveries: 8,
      parse: parseManagementEvent,
      isMalformed: isMalformedManagementEvent,
      handle: async (event) => {
        if (!ORDER_MAILS.has(event.type)) return 'ignored';
        const kind = NOTICE_KIND_OF[event.type];
        if (kind && !(await this.choices.allows(event.userId, kind, 'EMAIL'))) return 'declined';
        const userId = event.userId ?? null;
        switch (event.type) {
          case 'order.paid':
            await this.mails.order(
              event.payload,
              'paid',
              `order-paid-${event.payload.orderId}`,
              userId,
            );
            return 'sent';
          case 'order.tickets_reissued':
            await this.mails.order(
              event.payload,
              'reissued',
              `tickets-reissued-${event.id}`,
              userId,
            );
            return 'sent';
          case 'ticket.transferred':
            await this.mails.received(event.payload, userId);
            return 'sent';
          case 'waitlist.offered':
            // Keyed by the entry: each entry is offered once, so it is mailed once.
            await this.mail.send(
              waitlistOffer(event.payload, await this.locales.of(userId)),
              `waitlist-offered-${event.payload.entryId}`,
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
