import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { generateRequestId, traceIdFrom } from './request-id.js';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('generateRequestId', () => {
  it('keeps a safe incoming id and stores it on the raw request', () => {
    const raw = request({ 'x-request-id': 'abc-123' });
    expect(generateRequestId(raw)).toBe('abc-123');
    expect((raw as IncomingMessage & { id?: string }).id).toBe('abc-123');
  });

  it('replaces ids that could forge log lines', () => {
    expect(generateRequestId(request({ 'x-request-id': 'a\nb' }))).toMatch(/^[0-9a-f-]{36}$/);
    expect(generateRequestId(request({ 'x-request-id': 'x'.repeat(200) }))).toHaveLength(36);
  });
});

describe('traceIdFrom', () => {
  it('reads the trace id of a W3C traceparent', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect(traceIdFrom(request({ traceparent }))).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(traceIdFrom(request({ traceparent: 'garbage' }))).toBeUndefined();
  });
});
