import { describe, expect, it } from 'vitest';
import type { ManagementEventPayloads } from '../outbox/management-events.js';
import { waitlistOffer } from './waitlist-offer.template.js';

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

const offer: ManagementEventPayloads['waitlist.offered'] = {
  entryId: '0193a000-0000-7000-8000-000000000001',
  eventId: '0193a000-0000-7000-8000-000000000002',
  eventTitle: 'Obra <de> teatro',
  startsAt: '2026-12-20T00:00:00.000Z',
  timezone: 'America/Bogota',
  organizationName: 'Teatro Libre',
  ticketTypeId: '0193a000-0000-7000-8000-000000000003',
  ticketTypeName: 'Platea',
  quantity: 2,
  offeredUntil: '2026-12-10T17:00:00.000Z',
  email: 'next@example.test',
  name: 'Marta',
};

describe('the waiting-list offer', () => {
  it('is Spanish by default: what is held, until when, and the organization in the subject', () => {
    const mail = waitlistOffer(offer);
    const text = plain(mail.text);
    expect(mail.to).toBe('next@example.test');
    expect(mail.subject).toBe('Tu turno: entradas para Obra <de> teatro de Teatro Libre');
    expect(text).toContain('Hola Marta,');
    expect(text).toContain('te guardamos 2 entradas (Platea)');
    expect(text).toContain('antes del jueves, 10 de diciembre de 2026, 12:00');
    expect(waitlistOffer({ ...offer, quantity: 1 }).text).toContain('1 entrada (Platea)');
    expect(mail.html).toContain('<strong>Obra &#60;de&#62; teatro</strong>');
  });

  it('is English for an English account, dates as en-US reads them', () => {
    const mail = waitlistOffer(offer, 'en');
    const text = plain(mail.text);
    expect(mail.subject).toBe('Your turn: tickets for Obra <de> teatro by Teatro Libre');
    expect(text).toContain('Hello Marta,');
    expect(text).toContain(
      'Tickets became available for “Obra <de> teatro” by Teatro Libre: we are holding 2 tickets (Platea) for you.',
    );
    expect(text).toContain('When: Saturday, December 19, 2026 at 7:00 PM');
    expect(text).toContain('Buy them in the app before Thursday, December 10, 2026 at 12:00 PM');
    expect(waitlistOffer({ ...offer, quantity: 1 }, 'en').text).toContain('1 ticket (Platea)');
    expect(mail.html).toContain('<strong>Obra &#60;de&#62; teatro</strong>');
    expect(text).not.toMatch(/Hola|entradas/);
  });
});
