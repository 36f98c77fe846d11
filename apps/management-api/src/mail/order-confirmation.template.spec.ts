import { describe, expect, it } from 'vitest';
import { orderConfirmation } from './order-confirmation.template.js';

describe('the order confirmation', () => {
  it('shows the total in pesos from minor units (2500000 is 25.000 COP)', () => {
    const mail = orderConfirmation({
      orderId: '0193a000-0000-7000-8000-000000000001',
      eventId: '0193a000-0000-7000-8000-000000000002',
      eventTitle: 'Concierto',
      startsAt: '2026-12-20T00:00:00.000Z',
      timezone: 'America/Bogota',
      venue: null,
      organizationName: 'Fundación',
      buyerEmail: 'buyer@example.test',
      buyerName: 'Ana',
      total: '2500000',
      currency: 'COP',
      tickets: [],
    });
    expect(mail.text.replace(/\u00a0/g, ' ')).toContain('Total: $ 25.000');
  });
});
