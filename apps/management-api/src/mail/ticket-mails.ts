import { Injectable } from '@nestjs/common';
import QRCode from 'qrcode';
import type { ManagementEventPayloads } from '../outbox/management-events.js';
import { TicketSigner } from '../tickets/ticket-signer.js';
import { MailService } from './mail.service.js';
import { orderConfirmation, ticketReceived } from './order-confirmation.template.js';
import { RecipientLocale } from './recipient-locale.js';

/**
 * The mails that carry tickets, each ticket with its signed QR code as an
 * image, in the language of the recipient's account (Spanish without one).
 */
@Injectable()
export class TicketMails {
  constructor(
    private readonly mail: MailService,
    private readonly signer: TicketSigner,
    private readonly locales: RecipientLocale,
  ) {}

  async order(
    order: ManagementEventPayloads['order.paid'],
    occasion: 'paid' | 'reissued',
    jobId: string,
    buyerId: string | null,
  ): Promise<void> {
    const locale = await this.locales.of(buyerId);
    const qrs = await Promise.all(
      order.tickets.map(async (ticket) => ({
        ticketId: ticket.id,
        png: await this.qr(order.eventId, ticket.code),
      })),
    );
    await this.mail.send(orderConfirmation(order, qrs, occasion, locale), jobId);
  }

  /** To the new holder; `holderId` is their account when the address has one. */
  async received(
    ticket: ManagementEventPayloads['ticket.transferred'],
    holderId: string | null,
  ): Promise<void> {
    const locale = await this.locales.of(holderId);
    const qr = { ticketId: ticket.toTicketId, png: await this.qr(ticket.eventId, ticket.code) };
    await this.mail.send(
      ticketReceived(ticket, qr, locale),
      `ticket-received-${ticket.toTicketId}`,
    );
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
}
