import { AppError } from '@trivance/shared';

/**
 * Keyset cursors: the sort key of a row and its unique id, opaque to clients
 * (base64url of a small JSON array). A cursor made under one ordering is
 * rejected under another.
 */
export interface CursorPosition {
  order: string;
  value: string;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.order, position.value, position.id])).toString(
    'base64url',
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const invalidCursor = () =>
  new AppError('BAD_USER_INPUT', 'The cursor is invalid for this list and ordering');

/** A cursor's sort value that is a time; anything else is the client's mistake. */
export function cursorDate(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw invalidCursor();
  return date;
}

export function decodeCursor(cursor: string, expectedOrder: string): CursorPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      parsed.every((part) => typeof part === 'string' && part.length <= 400) &&
      parsed[0] === expectedOrder &&
      UUID.test(parsed[2] as string)
    ) {
      const [order, value, id] = parsed as [string, string, string];
      return { order, value, id };
    }
  } catch {
    // fall through to the error below
  }
  throw invalidCursor();
}
