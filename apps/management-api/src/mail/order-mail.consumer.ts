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
import { orderConfirmation, ticketReceived } from './order-confirmation.template.js';

export const MAIL_CONSUMER_GROUP = 'management-api-mail';

/**
 * Sends the buyer's confirmation for each paid order (order.paid) and the
 * recipient's ticket for each transfer (ticket.transferred): at least once
 * from the stream, exactly once to the person (the mail job is keyed by the
 * order or the new ticket).
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
        if (event.type === 'ticket.transferred') {
          const qr = {
            ticketId: event.payload.toTicketId,
            png: await this.qr(event.payload.eventId, event.payload.code),
          };
          await this.mail.send(
            ticketReceived(event.payload, qr),
            `ticket-received-${event.payload.toTicketId}`,
          );
          return 'sent';
        }
        if (event.type !== 'order.paid') return 'ignored';
        const qrs = await Promise.all(
          event.payload.tickets.map(async (ticket) => ({
            ticketId: ticket.id,
            png: await this.qr(event.payload.eventId, ticket.code),
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

  /** A ticket's signed QR payload as a PNG, base64. */
  private async qr(eventId: string, code: string): Promise<string> {
    const png = await QRCode.toBuffer(this.signer.sign(eventId, code), {
      errorCorrectionLevel: 'M',
      width: 480,
      margin: 2,
    });
    return png.toString('base64');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }
}
