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

export function decodeCursor(cursor: string, expectedOrder: string): CursorPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      parsed.every((part) => typeof part === 'string') &&
      parsed[0] === expectedOrder
    ) {
      const [order, value, id] = parsed as [string, string, string];
      return { order, value, id };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('BAD_USER_INPUT', 'The cursor is invalid for this list and ordering');
}
