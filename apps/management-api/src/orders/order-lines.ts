import { Prisma } from '../generated/prisma/client.js';
import type { SqlExecutor } from '../common/sql-executor.js';

/** One line of an order as its use cases need it. */
export interface OrderLine {
  ticketTypeId: string;
  ticketTypeName: string;
  quantity: number;
  unitPrice: bigint;
}

/** An order's lines, read in the caller's transaction. */
export function orderLines(unit: SqlExecutor, orderId: string): Promise<OrderLine[]> {
  return unit
    .query<{ ticket_type_id: string; name: string; quantity: number; unit_price: bigint }>(
      Prisma.sql`SELECT item.ticket_type_id, type.name, item.quantity, item.unit_price
                 FROM order_items item JOIN ticket_types type ON type.id = item.ticket_type_id
                 WHERE item.order_id = ${orderId}::uuid ORDER BY item.ticket_type_id`,
    )
    .then((rows) =>
      rows.map((row) => ({
        ticketTypeId: row.ticket_type_id,
        ticketTypeName: row.name,
        quantity: Number(row.quantity),
        unitPrice: BigInt(row.unit_price),
      })),
    );
}

export const seatsOf = (lines: OrderLine[]) =>
  lines.map((line) => ({ ticketTypeId: line.ticketTypeId, quantity: line.quantity }));
