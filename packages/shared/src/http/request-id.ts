import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Takes the caller's x-request-id when it is safe to log, otherwise makes one.
 * The id is also set on the raw request so pino-http logs the same value.
 */
export function generateRequestId(raw: IncomingMessage): string {
  const incoming = raw.headers[REQUEST_ID_HEADER];
  const candidate = Array.isArray(incoming) ? incoming[0] : incoming;
  const id = candidate && SAFE_REQUEST_ID.test(candidate) ? candidate : randomUUID();
  (raw as IncomingMessage & { id?: string }).id = id;
  return id;
}

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/;

/** The W3C trace id carried by an incoming `traceparent` header, if any. */
export function traceIdFrom(raw: IncomingMessage): string | undefined {
  const header = raw.headers.traceparent;
  const value = Array.isArray(header) ? header[0] : header;
  return value ? TRACEPARENT.exec(value.trim())?.[1] : undefined;
}
