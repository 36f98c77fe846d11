import { Injectable } from '@nestjs/common';
import QRCode from 'qrcode';
import type { ManagementEventPayloads } from '../outbox/management-events.js';
import { TicketSigner } from '../tickets/ticket-signer.js';
import { MailService } from './mail.service.js';
import { orderConfirmation, ticketReceived } from './order-confirmation.template.js';

/** The mails that carry tickets, each ticket with its signed QR code as an image. */
@Injectable()
export class TicketMails {
  constructor(
    private readonly mail: MailService,
    private readonly signer: TicketSigner,
  ) {}

  async order(
    order: ManagementEventPayloads['order.paid'],
    occasion: 'paid' | 'reissued',
    jobId: string,
  ): Promise<void> {
    const qrs = await Promise.all(
      order.tickets.map(async (ticket) => ({
        ticketId: ticket.id,
        png: await this.qr(order.eventId, ticket.code),
      })),
    );
    await this.mail.send(orderConfirmation(order, qrs, occasion), jobId);
  }

  async received(ticket: ManagementEventPayloads['ticket.transferred']): Promise<void> {
    const qr = { ticketId: ticket.toTicketId, png: await this.qr(ticket.eventId, ticket.code) };
    await this.mail.send(ticketReceived(ticket, qr), `ticket-received-${ticket.toTicketId}`);
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
