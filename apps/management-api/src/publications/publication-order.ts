import { AppError } from '@trivance/shared';
import type { ConnectionArgs } from '../common/pagination/connection.args.js';
import { DEFAULT_PAGE_SIZE } from '../common/pagination/connection.args.js';
import { cursorDate, decodeCursor } from '../common/pagination/cursor.js';
import type { Direction, KeysetOrdering, KeysetPlan } from '../common/pagination/keyset.js';
import type { Prisma, Publication } from '../generated/prisma/client.js';

const ORDER = 'POSITION';
const VALUE = /^(\d{1,7})\|(.+)$/;

/**
 * Publications read by `position` (lower first), then newest (`createdAt`
 * descending), ties by id descending: the order of the staff list and of the
 * public feed. Cursors carry the position and the creation time.
 */
export const POSITION_THEN_NEWEST: KeysetOrdering<Publication> = {
  name: ORDER,
  field: 'position',
  direction: 'asc',
  valueOf: (row) => `${row.position}|${row.createdAt.toISOString()}`,
  parse: (value) => {
    const match = VALUE.exec(value);
    if (!match) throw new AppError('BAD_USER_INPUT', 'The cursor is invalid for this list');
    return { position: Number(match[1]), createdAt: cursorDate(match[2]!) };
  },
};

/**
 * The keyset plan for that mixed-direction order: rows strictly after the
 * cursor's (position, createdAt, id), plus a plain bound on `position` so the
 * index scan starts at the cursor. Never OFFSET.
 */
export function planPublicationPage(args: ConnectionArgs): KeysetPlan & {
  where: Prisma.PublicationWhereInput | undefined;
} {
  if (args.first !== undefined && args.last !== undefined) {
    throw new AppError('BAD_USER_INPUT', 'Pass either first or last, not both');
  }
  const backwards =
    args.last !== undefined || (args.before !== undefined && args.first === undefined);
  const limit = (backwards ? args.last : args.first) ?? DEFAULT_PAGE_SIZE;
  const cursor = backwards ? args.before : args.after;
  // Paging backwards reads the same order from the other end.
  const positionDirection: Direction = backwards ? 'desc' : 'asc';
  const newestDirection: Direction = backwards ? 'asc' : 'desc';
  let where: Prisma.PublicationWhereInput | undefined;
  if (cursor) {
    const decoded = decodeCursor(cursor, ORDER);
    const { position, createdAt } = POSITION_THEN_NEWEST.parse(decoded.value) as {
      position: number;
      createdAt: Date;
    };
    const past = positionDirection === 'asc' ? 'gt' : 'lt';
    const bound = positionDirection === 'asc' ? 'gte' : 'lte';
    const older = newestDirection === 'desc' ? 'lt' : 'gt';
    where = {
      AND: [
        { position: { [bound]: position } },
        {
          OR: [
            { position: { [past]: position } },
            { position, createdAt: { [older]: createdAt } },
            { position, createdAt, id: { [older]: decoded.id } },
          ],
        },
      ],
    };
  }
  return {
    where,
    orderBy: [
      { position: positionDirection },
      { createdAt: newestDirection },
      { id: newestDirection },
    ],
    take: limit + 1,
    backwards,
    limit,
  };
}
