import { describe, expect, it } from 'vitest';
import type { RelayedManagementEvent } from '../outbox/management-events.js';
import { draftFor, membershipDraft } from './notification-texts.js';

const base = {
  id: 'event-1',
  organizationId: '0193a000-0000-7000-8000-000000000001',
  userId: 'aaaaaaaaaaaaaaaaaaaaaaaa',
  occurredAt: '2026-12-03T12:00:00.000Z',
};
const eventId = '0193a000-0000-7000-8000-000000000002';
const when = { startsAt: '2026-12-24T01:00:00.000Z', timezone: 'America/Bogota' };

const events: [RelayedManagementEvent, string, Record<string, unknown>][] = [
  [
    {
      ...base,
      type: 'order.paid',
      payload: {
        orderId: 'o1',
        eventId,
        eventTitle: 'Concierto de Navidad',
        ...when,
        venue: null,
        organizationName: 'Iglesia Central',
        buyerEmail: 'buyer@example.test',
        buyerName: 'Typed buyer name',
        total: '0',
        currency: 'COP',
        tickets: [
          { id: 't1', code: 'SECRETCODE', holderName: 'Typed holder', ticketTypeName: 'General' },
        ],
      },
    },
    'ORDER_CONFIRMED',
    { orderId: 'o1', eventId },
  ],
  [
    {
      ...base,
      type: 'ticket.checked_in',
      payload: { ticketId: 't1', eventId, checkedInAt: base.occurredAt },
    },
    'TICKET_CHECKED_IN',
    { ticketId: 't1', eventId },
  ],
  [
    {
      ...base,
      type: 'ticket.transferred',
      payload: {
        fromTicketId: 't1',
        toTicketId: 't2',
        eventId,
        eventTitle: 'Concierto de Navidad',
        ...when,
        organizationName: 'Iglesia Central',
        ticketTypeName: 'General',
        toEmail: 'friend@example.test',
        code: 'SECRETCODE',
      },
    },
    'TICKET_RECEIVED',
    { ticketId: 't2', eventId },
  ],
  [
    {
      ...base,
      type: 'waitlist.offered',
      payload: {
        entryId: 'w1',
        eventId,
        eventTitle: 'Concierto de Navidad',
        ...when,
        organizationName: 'Iglesia Central',
        ticketTypeId: 'tt1',
        ticketTypeName: 'General',
        quantity: 2,
        offeredUntil: '2026-12-04T12:00:00.000Z',
        email: 'waiting@example.test',
        name: 'Typed name',
      },
    },
    'WAITLIST_OFFER',
    { waitlistEntryId: 'w1', eventId, ticketTypeId: 'tt1' },
  ],
  [
    {
      ...base,
      type: 'event.cancelled',
      payload: { eventId, reason: 'Typed reason', affectedOrders: 3 },
    },
    'EVENT_CANCELLED',
    { eventId },
  ],
  [
    {
      ...base,
      type: 'recurring.failed',
      payload: {
        recurringDonationId: 'r1',
        campaignId: 'c1',
        campaignTitle: 'Comedor',
        organizationName: 'Iglesia Central',
        amount: '3000000',
        currency: 'COP',
        attempts: 6,
        donorEmail: 'donor@example.test',
        donorName: 'Typed name',
      },
    },
    'RECURRING_FAILED',
    { recurringDonationId: 'r1', campaignId: 'c1' },
  ],
];

describe('the notification each domain event makes', () => {
  it.each(events.map(([event, kind, data]) => ({ type: event.type, event, kind, data })))(
    '$type',
    ({ event, kind, data }) => {
      const draft = draftFor(event)!;
      expect(draft.kind).toBe(kind);
      expect(draft.data).toEqual(data);
      const shown = `${draft.title} ${draft.body} ${JSON.stringify(draft.data)}`;
      // Never a code that admits someone at the door, nor words a person typed.
      expect(shown).not.toMatch(/SECRETCODE|Typed/);
      expect(draft.title.length).toBeLessThanOrEqual(200);
    },
  );

  it('names the organization where the event has it', () => {
    for (const [event] of events.filter(([e]) => 'organizationName' in e.payload)) {
      const draft = draftFor(event)!;
      expect(`${draft.title} ${draft.body}`).toContain('Iglesia Central');
    }
  });

  it('makes none for events that are not news to anyone (an expired hold)', () => {
    expect(
      draftFor({ ...base, type: 'order.expired', payload: { orderId: 'o', eventId } }),
    ).toBeNull();
  });

  it('announces a post published now, never a banner or a post scheduled for later', () => {
    const published = (kind: 'BANNER' | 'POST', publishAt: string): RelayedManagementEvent => ({
      ...base,
      type: 'publication.published',
      payload: {
        publicationId: 'p1',
        kind,
        title: 'Cena',
        organizationName: 'Iglesia Central',
        publishAt,
      },
    });
    const past = new Date(Date.now() - 60_000).toISOString();
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(draftFor(published('POST', past))).toMatchObject({
      kind: 'PUBLICATION',
      data: { publicationId: 'p1' },
    });
    expect(draftFor(published('BANNER', past))).toBeNull();
    expect(draftFor(published('POST', future))).toBeNull();
  });

  it('tells a member of a new role and of the end of the membership', () => {
    expect(membershipDraft('Iglesia Central', 'org', 'admin').body).toContain('administrador');
    expect(membershipDraft('Iglesia Central', 'org', null).title).toContain('Ya no eres miembro');
  });
});
