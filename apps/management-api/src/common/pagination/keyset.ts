import { AppError } from '@trivance/shared';
import type { ConnectionArgs } from './connection.args.js';
import { DEFAULT_PAGE_SIZE } from './connection.args.js';
import { type CursorPosition, cursorDate, decodeCursor, encodeCursor } from './cursor.js';

export type Direction = 'asc' | 'desc';

/** How one ordering of one list reads and writes its keyset. */
export interface KeysetOrdering<Row> {
  /** Name carried in cursors, e.g. CREATED_AT. */
  name: string;
  /** The Prisma field sorted on; ties are broken by `id`. */
  field: string;
  direction: Direction;
  valueOf(row: Row): string;
  parse(value: string): unknown;
}

export interface KeysetPlan {
  where: Record<string, unknown> | undefined;
  orderBy: Record<string, Direction>[];
  take: number;
  /** Rows come back reversed (paging backwards) and must be flipped. */
  backwards: boolean;
  limit: number;
}

export interface KeysetPage<Row> {
  edges: { cursor: string; node: Row }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

/** The usual order of staff and `my*` lists: newest first, ties by id. */
export function newestFirst<Row extends { createdAt: Date }>(): KeysetOrdering<Row> {
  return {
    name: 'CREATED_AT',
    field: 'createdAt',
    direction: 'desc',
    valueOf: (row) => row.createdAt.toISOString(),
    parse: cursorDate,
  };
}

const flip = (direction: Direction): Direction => (direction === 'asc' ? 'desc' : 'asc');

/**
 * Builds the keyset condition `(field, id) > (value, id0)` (or <) with a
 * redundant bound on the field alone, so PostgreSQL starts the index scan at
 * the cursor instead of filtering from the first row: deep pages cost the
 * same as the first one. Never OFFSET.
 */
export function planKeyset<Row>(args: ConnectionArgs, ordering: KeysetOrdering<Row>): KeysetPlan {
  if (args.first !== undefined && args.last !== undefined) {
    throw new AppError('BAD_USER_INPUT', 'Pass either first or last, not both');
  }
  const backwards =
    args.last !== undefined || (args.before !== undefined && args.first === undefined);
  const limit = (backwards ? args.last : args.first) ?? DEFAULT_PAGE_SIZE;
  const cursor = backwards ? args.before : args.after;
  const scanDirection = backwards ? flip(ordering.direction) : ordering.direction;
  const position = cursor ? decodeCursor(cursor, ordering.name) : undefined;
  return {
    where: position ? afterPosition(ordering, position, scanDirection) : undefined,
    orderBy: [{ [ordering.field]: scanDirection }, { id: scanDirection }],
    take: limit + 1,
    backwards,
    limit,
  };
}

function afterPosition<Row>(
  ordering: KeysetOrdering<Row>,
  position: CursorPosition,
  scanDirection: Direction,
): Record<string, unknown> {
  const value = ordering.parse(position.value);
  const [inclusive, strict] = scanDirection === 'asc' ? ['gte', 'gt'] : ['lte', 'lt'];
  return {
    AND: [
      { [ordering.field]: { [inclusive]: value } },
      {
        OR: [
          { [ordering.field]: { [strict]: value } },
          { [ordering.field]: value, id: { [strict]: position.id } },
        ],
      },
    ],
  };
}

export function toPage<Row extends { id: string }>(
  rows: Row[],
  plan: KeysetPlan,
  ordering: KeysetOrdering<Row>,
  args: ConnectionArgs,
): KeysetPage<Row> {
  const hasMore = rows.length > plan.limit;
  const page = rows.slice(0, plan.limit);
  if (plan.backwards) page.reverse();
  const edges = page.map((node) => ({
    node,
    cursor: encodeCursor({ order: ordering.name, value: ordering.valueOf(node), id: node.id }),
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage: plan.backwards ? args.before !== undefined : hasMore,
      hasPreviousPage: plan.backwards ? hasMore : args.after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
