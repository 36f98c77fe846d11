import { describe, expect, it } from 'vitest';
import type { ManagementEventPayloads } from '../outbox/management-events.js';
import { orderConfirmation, ticketReceived } from './order-confirmation.template.js';

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

const order: ManagementEventPayloads['order.paid'] = {
  orderId: '0193a000-0000-7000-8000-000000000001',
  eventId: '0193a000-0000-7000-8000-000000000002',
  eventTitle: 'Concierto <de> gala',
  startsAt: '2026-12-20T00:00:00.000Z',
  timezone: 'America/Bogota',
  venue: 'Teatro Colón',
  organizationName: 'Fundación Música',
  buyerEmail: 'buyer@example.test',
  buyerName: 'Ana',
  total: '2500000',
  currency: 'COP',
  tickets: [
    { id: 'ticket-1', code: 'CODE1', holderName: 'Ana', ticketTypeName: 'General' },
    { id: 'ticket-2', code: 'CODE2', holderName: 'Luis', ticketTypeName: 'General' },
  ],
};
const qrs = [
  { ticketId: 'ticket-1', png: 'cG5nMQ==' },
  { ticketId: 'ticket-2', png: 'cG5nMg==' },
];

const transfer: ManagementEventPayloads['ticket.transferred'] = {
  fromTicketId: '0193a000-0000-7000-8000-000000000003',
  toTicketId: '0193a000-0000-7000-8000-000000000004',
  eventId: order.eventId,
  eventTitle: order.eventTitle,
  startsAt: order.startsAt,
  timezone: order.timezone,
  organizationName: order.organizationName,
  ticketTypeName: 'VIP',
  toEmail: 'friend@example.test',
  code: 'CODE9',
};

describe('the order confirmation', () => {
  it('shows the total in pesos from minor units (2500000 is 25.000 COP)', () => {
    expect(plain(orderConfirmation({ ...order, tickets: [] }).text)).toContain('Total: $ 25.000');
  });

  it('is Spanish by default: the day in the event’s time zone, the tickets, the organization in the subject', () => {
    const mail = orderConfirmation(order, qrs);
    const text = plain(mail.text);
    expect(mail.to).toBe('buyer@example.test');
    expect(mail.subject).toBe('Tus entradas para Concierto <de> gala de Fundación Música');
    expect(text).toContain('Hola Ana,');
    expect(text).toContain(
      'Tu pedido para «Concierto <de> gala» de Fundación Música está confirmado.',
    );
    // Midnight UTC on the 20th is 7 p. m. on the 19th in Bogotá.
    expect(text).toMatch(/Cuándo: sábado, 19 de diciembre de 2026, 7:00 p\. ?m\./);
    expect(text).toContain('Dónde: Teatro Colón');
    expect(text).toContain('- General · Luis · código CODE2');
    expect(mail.html).toContain('<strong>Concierto &#60;de&#62; gala</strong>');
    expect(mail.html).toContain('alt="Código QR de la entrada CODE1"');
  });

  it('is English for an English account: words, date and money for en-US', () => {
    const mail = orderConfirmation(order, qrs, 'paid', 'en');
    const text = plain(mail.text);
    expect(mail.subject).toBe('Your tickets for Concierto <de> gala by Fundación Música');
    expect(text).toContain('Hello Ana,');
    expect(text).toContain(
      'Your order for “Concierto <de> gala” by Fundación Música is confirmed.',
    );
    expect(text).toContain('When: Saturday, December 19, 2026 at 7:00 PM');
    expect(text).toContain('Where: Teatro Colón');
    expect(text).toContain('Total: COP 25,000');
    expect(text).toContain('- General · Luis · code CODE2');
    expect(text).toContain(`Order ${order.orderId}`);
    expect(text).not.toMatch(/Hola|Cuándo|entradas/);
    expect(mail.html).toContain('alt="QR code of ticket CODE1"');
    expect(mail.html).not.toMatch(/Hola|Cuándo|código/);
  });

  it('keeps every ticket’s QR image, inline, in both languages', () => {
    for (const locale of ['es', 'en'] as const) {
      const mail = orderConfirmation(order, qrs, 'paid', locale);
      expect(mail.attachments).toHaveLength(2);
      expect(mail.attachments![0]).toMatchObject({
        content: 'cG5nMQ==',
        encoding: 'base64',
        cid: 'ticket-ticket-1',
        contentType: 'image/png',
      });
      expect(mail.html).toContain('src="cid:ticket-ticket-1"');
      expect(mail.html).toContain('src="cid:ticket-ticket-2"');
    }
  });

  it('says a free order is free, in each language', () => {
    const free = { ...order, total: '0' };
    expect(orderConfirmation(free).text).toContain('Total: Gratis');
    expect(orderConfirmation(free, [], 'paid', 'en').text).toContain('Total: Free');
  });

  it('tells of new codes when the event moved, in each language', () => {
    const es = orderConfirmation(order, qrs, 'reissued');
    expect(es.subject).toBe('Nuevas entradas para Concierto <de> gala de Fundación Música');
    expect(es.text).toContain('cambió de fecha');
    const en = orderConfirmation(order, qrs, 'reissued', 'en');
    expect(en.subject).toBe('New tickets for Concierto <de> gala by Fundación Música');
    expect(en.text).toContain('changed its date: your tickets have new codes');
  });
});

describe('the mail of a ticket received', () => {
  it('is Spanish by default, with the code, the QR image and the organization in the subject', () => {
    const mail = ticketReceived(transfer, { ticketId: transfer.toTicketId, png: 'cG5n' });
    expect(mail.to).toBe('friend@example.test');
    expect(mail.subject).toBe('Recibiste una entrada para Concierto <de> gala de Fundación Música');
    expect(mail.text).toContain(
      'Recibiste una entrada (VIP) para «Concierto <de> gala» de Fundación Música.',
    );
    expect(mail.text).toContain('Código de la entrada: CODE9');
    expect(mail.html).toContain(`src="cid:ticket-${transfer.toTicketId}"`);
    expect(mail.attachments).toEqual([
      expect.objectContaining({ cid: `ticket-${transfer.toTicketId}`, content: 'cG5n' }),
    ]);
  });

  it('is English for an English account, and still only our words', () => {
    const mail = ticketReceived(transfer, { ticketId: transfer.toTicketId, png: 'cG5n' }, 'en');
    const text = plain(mail.text);
    expect(mail.subject).toBe('You received a ticket for Concierto <de> gala by Fundación Música');
    expect(text).toContain('Hello,');
    expect(text).toContain(
      'You received a ticket (VIP) for “Concierto <de> gala” by Fundación Música.',
    );
    expect(text).toContain('When: Saturday, December 19, 2026 at 7:00 PM');
    expect(text).toContain('Ticket code: CODE9');
    expect(text).toContain('sign in with this email address');
    expect(mail.html).toContain('alt="QR code of the ticket"');
    expect(mail.attachments).toHaveLength(1);
    // Nothing from the giver: the ticket's type, event and organization are all it names.
    expect(mail.text).not.toContain('Ana');
  });
});
