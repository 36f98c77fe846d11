import { createPublicKey, verify } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadManagementConfig } from '../config/management-config.js';
import { TicketSigner } from './ticket-signer.js';

const EVENT = '0193a000-0000-7000-8000-0000000000e1';
const CODE = 'K7Q2M9X4R8T1V6W3Y5Z0A2B4';
const signer = (env: NodeJS.ProcessEnv = {}) => new TicketSigner(loadManagementConfig(env));

describe('ticket QR payloads', () => {
  it('verify with our key and say which event and code they admit', () => {
    const payload = signer().sign(EVENT, CODE);
    expect(payload).toMatch(/^T1\.[\w-]{8}\.[0-9a-f-]{36}\.[0-9A-Z]{24}\.[\w-]{86}$/);
    expect(signer().verify(payload)).toEqual({
      kid: signer().currentKey.kid,
      eventId: EVENT,
      code: CODE,
    });
  });

  it('verify offline with nothing but the public key, as a scanner does', () => {
    const payload = signer().sign(EVENT, CODE);
    const { publicKey } = signer().currentKey;
    const key = createPublicKey({
      key: Buffer.concat([
        Buffer.from('302a300506032b6570032100', 'hex'),
        Buffer.from(publicKey, 'base64url'),
      ]),
      format: 'der',
      type: 'spki',
    });
    const cut = payload.lastIndexOf('.');
    expect(
      verify(
        null,
        Buffer.from(payload.slice(0, cut)),
        key,
        Buffer.from(payload.slice(cut + 1), 'base64url'),
      ),
    ).toBe(true);
  });

  it('refuse a payload changed anywhere, or signed by a key we do not hold', () => {
    const payload = signer().sign(EVENT, CODE);
    const otherEvent = payload.replace(EVENT, '0193a000-0000-7000-8000-0000000000e2');
    const otherCode = payload.replace(CODE, 'A'.repeat(24));
    const stranger = signer({
      TICKET_SIGNING_KEY: 'another-secret-of-at-least-32-characters!',
    }).sign(EVENT, CODE);
    for (const forged of [otherEvent, otherCode, stranger, `${payload}x`, 'T1.a.b.c.d', CODE]) {
      expect(signer().verify(forged), forged).toBeNull();
    }
  });

  it('keep verifying codes signed before a rotation', () => {
    const before = signer().sign(EVENT, CODE);
    const rotated = signer({
      TICKET_SIGNING_KEY: 'the-new-ticket-signing-secret-0123456789',
      TICKET_SIGNING_KEYS_RETIRED: 'dev-ticket-signing-key-change-me-0000000000',
    });
    expect(rotated.verify(before)?.code).toBe(CODE);
    expect(rotated.keys()).toHaveLength(2);
    expect(rotated.verify(rotated.sign(EVENT, CODE))?.kid).toBe(rotated.currentKey.kid);
  });

  it("verify with the README's scanner example, exactly as documented", async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### Ticket QR codes'));
    const example = /```js\n([\s\S]*?)```/.exec(section)![1]!;
    const file = join(await mkdtemp(join(tmpdir(), 'scanner-')), 'scanner.mjs');
    await writeFile(file, `${example}\nexport { verifyTicket };\n`);
    const { verifyTicket } = (await import(pathToFileURL(file).href)) as {
      verifyTicket: (
        payload: string,
        eventId: string,
        snapshot: { keys: { kid: string; publicKey: string }[]; revokedCodes: string[] },
      ) => { outcome: string; code?: string };
    };
    const snapshot = { keys: [signer().currentKey], revokedCodes: [] as string[] };
    const payload = signer().sign(EVENT, CODE);
    expect(verifyTicket(payload, EVENT, snapshot)).toEqual({ outcome: 'ADMIT', code: CODE });
    const forged = `${payload.slice(0, payload.lastIndexOf('.') + 1)}${'A'.repeat(86)}`;
    expect(verifyTicket(forged, EVENT, snapshot).outcome).toBe('INVALID_TICKET');
    const other = signer({ TICKET_SIGNING_KEY: 'another-secret-of-at-least-32-characters' });
    expect(verifyTicket(other.sign(EVENT, CODE), EVENT, snapshot).outcome).toBe('INVALID_TICKET');
    expect(verifyTicket(payload, '0193a000-0000-7000-8000-0000000000e2', snapshot).outcome).toBe(
      'WRONG_EVENT',
    );
    expect(verifyTicket(payload, EVENT, { ...snapshot, revokedCodes: [CODE] }).outcome).toBe(
      'TICKET_VOID',
    );
  });
});
