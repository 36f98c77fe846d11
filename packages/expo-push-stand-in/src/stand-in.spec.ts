import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createExpoPushStandIn, type ExpoPushStandIn } from './server.js';

let standIn: ExpoPushStandIn;
let serial = 0;
const token = () => `ExponentPushToken[stand-in-${Date.now()}-${++serial}]`;

interface Answer {
  status: number;
  headers: Headers;
  // Tests read whatever shape the route returns.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

async function call(
  path: string,
  body?: unknown,
  init: { headers?: Record<string, string>; raw?: Buffer | string; method?: string } = {},
): Promise<Answer> {
  const response = await fetch(`${standIn.url}${path}`, {
    method: init.method ?? (body === undefined && init.raw === undefined ? 'GET' : 'POST'),
    headers: {
      ...(body !== undefined || init.raw !== undefined
        ? { 'content-type': 'application/json' }
        : {}),
      ...init.headers,
    },
    body: init.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : null,
  };
}

const send = (messages: unknown, headers?: Record<string, string>) =>
  call('/--/api/v2/push/send', messages, { headers });
const receipts = (ids: unknown) => call('/--/api/v2/push/getReceipts', { ids });

beforeEach(async () => {
  standIn = await createExpoPushStandIn();
});
afterEach(() => standIn.close());

describe('send', () => {
  it('answers one ok ticket per message, in order, and keeps what it received', async () => {
    const tokens = [token(), token(), token()];
    const { status, body } = await send(
      tokens.map((to, index) => ({
        to,
        title: `T${index}`,
        body: 'B',
        data: { index },
        sound: 'default',
      })),
    );
    expect(status).toBe(200);
    expect(body.data).toHaveLength(3);
    for (const ticket of body.data)
      expect(ticket).toEqual({ status: 'ok', id: expect.any(String) });
    expect(new Set(body.data.map((ticket: { id: string }) => ticket.id)).size).toBe(3);
    const received = standIn.push.messages(tokens[1]);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      to: tokens[1],
      ticketId: body.data[1].id,
      message: { title: 'T1', body: 'B', data: { index: 1 } },
    });
    expect(standIn.push.batchSizes()).toEqual([3]);
  });

  it('answers a single message with a single ticket, and a message to several tokens with one ticket each', async () => {
    const single = await send({ to: token(), body: 'hi' });
    expect(single.body.data).toEqual({ status: 'ok', id: expect.any(String) });
    const many = await send([{ to: [token(), token()], body: 'hi' }]);
    expect(many.body.data).toHaveLength(2);
  });

  it('accepts a gzip-compressed body', async () => {
    const to = token();
    const { status, body } = await call('/--/api/v2/push/send', undefined, {
      raw: gzipSync(JSON.stringify([{ to, body: 'zipped' }])),
      headers: { 'content-encoding': 'gzip' },
    });
    expect(status).toBe(200);
    expect(body.data[0].status).toBe('ok');
    expect(standIn.push.requests('send')[0]).toMatchObject({ gzip: true, status: 200 });
  });

  it('refuses more than 100 notifications in one request, counting every recipient', async () => {
    const tooMany = await send(Array.from({ length: 101 }, () => ({ to: token(), body: 'x' })));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0].code).toBe('PUSH_TOO_MANY_NOTIFICATIONS');
    const spread = await send([
      { to: Array.from({ length: 60 }, token), body: 'x' },
      { to: Array.from({ length: 41 }, token), body: 'x' },
    ]);
    expect(spread.body.errors[0].code).toBe('PUSH_TOO_MANY_NOTIFICATIONS');
    expect(standIn.push.messages()).toEqual([]);
  });

  it.each([
    ['a missing to', [{ body: 'x' }], '[0].to'],
    ['a malformed token', [{ to: 'not-a-token', body: 'x' }], '[0].to'],
    ['a bad priority', [{ to: 'ExpoPushToken[abc]', priority: 'urgent' }], '[0].priority'],
    ['a negative badge', [{ to: 'ExpoPushToken[abc]', badge: -1 }], '[0].badge'],
    ['an unknown field', [{ to: 'ExpoPushToken[abc]', colour: 'red' }], '[0]'],
    ['a non-object data', [{ to: 'ExpoPushToken[abc]', data: 'x' }], '[0].data'],
    ['a string body', 'hello', 'value'],
  ])('refuses %s with VALIDATION_ERROR', async (_name, messages, path) => {
    const { status, body } = await send(messages);
    expect(status).toBe(400);
    expect(body.errors[0].code).toBe('VALIDATION_ERROR');
    expect(body.errors[0].message).toContain(`"${path}`);
  });

  it('refuses malformed JSON with VALIDATION_ERROR', async () => {
    const { status, body } = await call('/--/api/v2/push/send', undefined, { raw: '[{' });
    expect(status).toBe(400);
    expect(body.errors[0].code).toBe('VALIDATION_ERROR');
  });

  it('answers MessageTooBig in the ticket of a payload above 4096 bytes', async () => {
    const { body } = await send([{ to: token(), body: 'x'.repeat(5000) }]);
    expect(body.data[0]).toMatchObject({ status: 'error', details: { error: 'MessageTooBig' } });
  });
});

describe('receipts', () => {
  it('answers ok receipts for ok tickets, leaving unknown ids out', async () => {
    const { body } = await send([
      { to: token(), body: 'x' },
      { to: token(), body: 'y' },
    ]);
    const ids = body.data.map((ticket: { id: string }) => ticket.id);
    const answer = await receipts([...ids, 'unknown-id']);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ [ids[0]]: { status: 'ok' }, [ids[1]]: { status: 'ok' } });
  });

  it('holds receipts back until the configured delay has passed', async () => {
    await standIn.close();
    standIn = await createExpoPushStandIn({ receiptDelayMs: 60_000 });
    const { body } = await send([{ to: token(), body: 'x' }]);
    expect((await receipts([body.data[0].id])).body.data).toEqual({});
  });

  it('refuses more than 1000 ids and a body without ids', async () => {
    const many = await receipts(Array.from({ length: 1001 }, (_, i) => `id-${i}`));
    expect(many.status).toBe(400);
    expect(many.body.errors[0].code).toBe('PUSH_TOO_MANY_RECEIPTS');
    const none = await call('/--/api/v2/push/getReceipts', { id: 'x' });
    expect(none.body.errors[0].code).toBe('VALIDATION_ERROR');
  });
});

describe('unregistered devices and other outcomes', () => {
  it('gives an unregistered token an ok ticket and a DeviceNotRegistered receipt', async () => {
    const gone = token();
    standIn.push.markUnregistered(gone);
    const { body } = await send([{ to: gone, body: 'x' }]);
    expect(body.data[0].status).toBe('ok');
    const answer = await receipts([body.data[0].id]);
    expect(answer.body.data[body.data[0].id]).toMatchObject({
      status: 'error',
      details: { error: 'DeviceNotRegistered' },
    });
  });

  it('can answer DeviceNotRegistered in the ticket itself, over HTTP as well', async () => {
    const gone = token();
    const marked = await call('/__stand-in/tokens/unregistered', { token: gone, in: 'ticket' });
    expect(marked.status).toBe(204);
    const { body } = await send([
      { to: token(), body: 'x' },
      { to: gone, body: 'x' },
    ]);
    expect(body.data[0].status).toBe('ok');
    expect(body.data[1]).toEqual({
      status: 'error',
      message: expect.stringContaining(gone),
      details: { error: 'DeviceNotRegistered', expoPushToken: gone },
    });
    expect(standIn.push.messages(gone)[0]!.ticketId).toBeNull();
  });

  it('gives any of Expo errors in a receipt (InvalidCredentials)', async () => {
    const to = token();
    await call('/__stand-in/tokens/outcome', {
      token: to,
      error: 'InvalidCredentials',
      in: 'receipt',
    });
    const { body } = await send([{ to, body: 'x' }]);
    const answer = await receipts([body.data[0].id]);
    expect(answer.body.data[body.data[0].id].details.error).toBe('InvalidCredentials');
  });

  it('refuses a control request with a bad token', async () => {
    const { status, body } = await call('/__stand-in/tokens/unregistered', { token: 'nope' });
    expect(status).toBe(400);
    expect(body.errors[0].code).toBe('VALIDATION_ERROR');
  });
});

describe('faults', () => {
  it('answers the next N requests 429 with Retry-After, then serves again', async () => {
    standIn.push.failNextRequests(2, { status: 429, retryAfterSeconds: 1 });
    const to = token();
    for (let i = 0; i < 2; i++) {
      const refused = await send([{ to, body: 'x' }]);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.body.errors[0]).toMatchObject({
        code: 'TOO_MANY_REQUESTS',
        isTransient: true,
      });
    }
    expect((await send([{ to, body: 'x' }])).status).toBe(200);
    // Refused requests deliver nothing.
    expect(standIn.push.messages(to)).toHaveLength(1);
    expect(standIn.push.requestCount('send')).toBe(3);
    expect(standIn.push.batchSizes()).toEqual([1]);
  });

  it('answers 503 for the endpoint it was set for, over HTTP', async () => {
    const set = await call('/__stand-in/faults', {
      status: 503,
      count: 1,
      endpoint: 'getReceipts',
    });
    expect(set.status).toBe(204);
    expect((await send([{ to: token(), body: 'x' }])).status).toBe(200);
    const refused = await receipts(['x']);
    expect(refused.status).toBe(503);
    expect(refused.body.errors[0].code).toBe('SERVICE_UNAVAILABLE');
    expect((await receipts(['x'])).status).toBe(200);
  });

  it('refuses a fault status Expo would not answer', async () => {
    const { status, body } = await call('/__stand-in/faults', { status: 418 });
    expect(status).toBe(400);
    expect(body.errors[0].message).toContain('"status"');
  });

  it('answers a refusal a test asked for (400), not marked transient', async () => {
    standIn.push.failNextRequests(1, { status: 400, endpoint: 'send' });
    const refused = await send([{ to: token(), body: 'x' }]);
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].code).toBe('VALIDATION_ERROR');
    expect(refused.body.errors[0].isTransient).toBeUndefined();
  });
});

describe('access token', () => {
  it('refuses requests without the bearer token when one is required', async () => {
    await standIn.close();
    standIn = await createExpoPushStandIn({ accessToken: 'expo-secret' });
    const to = token();
    expect((await send([{ to, body: 'x' }])).status).toBe(401);
    const ok = await send([{ to, body: 'x' }], { authorization: 'Bearer expo-secret' });
    expect(ok.status).toBe(200);
    expect(standIn.push.messages(to)).toMatchObject([{ authorized: true }]);
  });
});

describe('inspection routes', () => {
  it('lists messages by token and the requests with their batch sizes, and resets', async () => {
    const to = token();
    await send([
      { to, title: 'Hello', body: 'x' },
      { to: token(), body: 'y' },
    ]);
    const listed = await call(`/__stand-in/messages?to=${encodeURIComponent(to)}`);
    expect(listed.body.data).toMatchObject([{ to, message: { title: 'Hello' } }]);
    const requests = await call('/__stand-in/requests');
    expect(requests.body.data).toMatchObject({ count: 1, batchSizes: [2] });
    expect((await call('/__stand-in/reset', {})).status).toBe(204);
    expect((await call('/__stand-in/messages')).body.data).toEqual([]);
  });
});
