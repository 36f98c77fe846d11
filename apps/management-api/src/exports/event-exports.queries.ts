/**
 * What each event export holds, one row per line. Text a buyer typed goes
 * through csv_cell (no spreadsheet formulas); amounts are integer minor
 * units; times are UTC in ISO 8601. Ticket codes are left out: a code admits
 * at the door, and a spreadsheet travels further than the back office.
 */
const EVENT = `current_setting('app.export.event_id')::uuid`;
const ORGANIZATION = `current_setting('app.organization_id')::uuid`;
const iso = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export const ATTENDEES_CSV = `
  SELECT t.id AS ticket_id,
         csv_cell(t.holder_name) AS holder_name,
         csv_cell(t.holder_email) AS holder_email,
         csv_cell(tt.name) AS ticket_type,
         t.status,
         ${iso('t.checked_in_at')} AS checked_in_at,
         t.order_id,
         csv_cell(o.buyer_name) AS buyer_name,
         csv_cell(o.buyer_email) AS buyer_email,
         ${iso('t.created_at')} AS issued_at
    FROM tickets t
    JOIN ticket_types tt ON tt.organization_id = t.organization_id AND tt.id = t.ticket_type_id
    JOIN orders o ON o.organization_id = t.organization_id AND o.id = t.order_id
   WHERE t.organization_id = ${ORGANIZATION} AND t.event_id = ${EVENT}
   ORDER BY t.holder_name, t.id`;

export const ORDERS_CSV = `
  SELECT o.id AS order_id,
         o.status,
         csv_cell(o.buyer_name) AS buyer_name,
         csv_cell(o.buyer_email) AS buyer_email,
         (SELECT COALESCE(sum(i.quantity), 0) FROM order_items i
           WHERE i.organization_id = o.organization_id AND i.order_id = o.id) AS tickets,
         o.currency,
         o.subtotal AS subtotal_minor,
         o.discount AS discount_minor,
         o.total AS total_minor,
         (SELECT COALESCE(sum(r.amount), 0) FROM refunds r
           WHERE r.organization_id = o.organization_id AND r.order_id = o.id) AS refunded_minor,
         o.complimentary,
         csv_cell(d.code) AS discount_code,
         p.provider AS payment_provider,
         p.reference AS payment_reference,
         ${iso('o.created_at')} AS created_at,
         ${iso('o.paid_at')} AS paid_at
    FROM orders o
    LEFT JOIN discount_codes d ON d.organization_id = o.organization_id AND d.id = o.discount_code_id
    LEFT JOIN LATERAL (
          SELECT provider, reference FROM payments
           WHERE organization_id = o.organization_id AND order_id = o.id
           ORDER BY created_at DESC LIMIT 1) p ON true
   WHERE o.organization_id = ${ORGANIZATION} AND o.event_id = ${EVENT}
   ORDER BY o.created_at, o.id`;
