import { AppError } from '@trivance/shared';

/** Invitations page by their Auth Service id (an ObjectId), opaque to clients. */
const KIND = 'invitation';
const OBJECT_ID = /^[0-9a-f]{24}$/;

export function encodeInvitationCursor(id: string): string {
  return Buffer.from(JSON.stringify([KIND, id])).toString('base64url');
}

export function decodeInvitationCursor(cursor: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      parsed[0] === KIND &&
      typeof parsed[1] === 'string' &&
      OBJECT_ID.test(parsed[1])
    ) {
      return parsed[1];
    }
  } catch {
    // fall through
  }
  throw new AppError('BAD_USER_INPUT', 'The cursor is invalid for this list');
}
