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
import QRCode from 'qrcode';
import { TicketSigner } from '../tickets/ticket-signer.js';
import { MailService } from './mail.service.js';
import { orderConfirmation } from './order-confirmation.template.js';

export const MAIL_CONSUMER_GROUP = 'management-api-mail';

/**
 * Sends the buyer's confirmation for each paid order, from the relayed
 * order.paid event: at least once from the stream, exactly once to the
 * buyer (the mail job is keyed by the order).
 */
@Injectable()
export class OrderMailConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: StreamConsumer<RelayedManagementEvent>;

  constructor(
    @InjectConfig() private readonly config: ManagementConfig,
    private readonly mail: MailService,
    private readonly signer: TicketSigner,
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
        if (event.type !== 'order.paid') return 'ignored';
        const qrs = await Promise.all(
          event.payload.tickets.map(async (ticket) => ({
            ticketId: ticket.id,
            png: (
              await QRCode.toBuffer(this.signer.sign(event.payload.eventId, ticket.code), {
                errorCorrectionLevel: 'M',
                width: 480,
                margin: 2,
              })
            ).toString('base64'),
          })),
        );
        await this.mail.send(
          orderConfirmation(event.payload, qrs),
          `order-paid-${event.payload.orderId}`,
        );
        return 'sent';
      },
    });
    this.consumer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }
}
