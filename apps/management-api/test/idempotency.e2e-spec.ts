import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Idempotency } from '../src/idempotency/idempotency.js';
import { type Identity, staffMember } from './support/auth-service.js';
import { actingAs, principal } from './support/principals.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { bearer, createOrganization, type TestOrganization } from './support/tenants.js';
import { TEST_DATABASE, withSuperuser } from './support/test-env.js';

const INVITE = `mutation ($input: InviteMemberInput!) { inviteMember(input: $input) { id email role } }`;

interface Invitation {
  id: string;
  email: string;
  role: string;
}

describe('idempotency', () => {
  let api: RunningApp;
  let orgA: TestOrganization;
  let orgB: TestOrganization;
  let adminA: Identity;
  let adminB: Identity;

  beforeAll(async () => {
    api = await startApp();
    [orgA, orgB] = await Promise.all([createOrganization('idem-a'), createOrganization('idem-b')]);
    [adminA, adminB] = await Promise.all([
      staffMember(orgA.id, 'admin'),
      staffMember(orgB.id, 'admin'),
    ]);
  });
  afterAll(() => api.close());

  const invite = async (
    admin: Identity,
    input: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) => {
    const { body } = await api.graphql<{ inviteMember: Invitation }>(
      INVITE,
      { input },
      { ...bearer(admin.accessToken), ...headers },
    );
    return body;
  };
  const email = (label: string) => `${label}-${randomUUID().slice(0, 8)}@invitees.test`;

  it('returns the first invitation for a retry with the same key', async () => {
    const input = { email: email('retry'), role: 'USER', idempotencyKey: randomUUID() };
    const first = await invite(adminA, input);
    const retry = await invite(adminA, input);
    expect(first.errors).toBeUndefined();
    expect(retry.data!.inviteMember).toEqual(first.data!.inviteMember);
  });

  it('refuses the same key with another email or role (IDEMPOTENCY_KEY_REUSED)', async () => {
    const idempotencyKey = randomUUID();
    await invite(adminA, { email: email('first'), role: 'USER', idempotencyKey });
    for (const changed of [
      { email: email('second'), role: 'USER' },
      { email: email('first'), role: 'MODERATOR' },
    ]) {
      const body = await invite(adminA, { ...changed, idempotencyKey });
      expect(body.errors?.[0]?.extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'IDEMPOTENCY_KEY_REUSED',
      });
    }
  });

  it("never hands one organization's invitation to another that sends the same key and request id", async () => {
    const idempotencyKey = randomUUID();
    const requestId = randomUUID();
    const secret = email('secret-of-a');
    const a = await invite(
      adminA,
      { email: secret, role: 'MODERATOR', idempotencyKey },
      { 'x-request-id': requestId },
    );
    const mine = email('own-of-b');
    const b = await invite(
      adminB,
      { email: mine, role: 'USER', idempotencyKey },
      { 'x-request-id': requestId },
    );
    expect(b.errors).toBeUndefined();
    expect(b.data!.inviteMember.email).toBe(mine);
    expect(b.data!.inviteMember.id).not.toBe(a.data!.inviteMember.id);
    expect(JSON.stringify(b)).not.toContain(secret);
  });

  it('runs two aliased invitations without keys as two, with one key as one', async () => {
    const twoDocuments = `mutation ($a: InviteMemberInput!, $b: InviteMemberInput!) {
      first: inviteMember(input: $a) { id email } second: inviteMember(input: $b) { id email } }`;
    const separate = await api.graphql<Record<'first' | 'second', Invitation>>(
      twoDocuments,
      {
        a: { email: email('alias-1'), role: 'USER' },
        b: { email: email('alias-2'), role: 'USER' },
      },
      bearer(adminA.accessToken),
    );
    expect(separate.body.errors).toBeUndefined();
    expect(separate.body.data!.first.id).not.toBe(separate.body.data!.second.id);

    const same = { email: email('alias-same'), role: 'USER', idempotencyKey: randomUUID() };
    const once = await api.graphql<Record<'first' | 'second', Invitation>>(
      twoDocuments,
      { a: same, b: same },
      bearer(adminA.accessToken),
    );
    expect(once.body.errors).toBeUndefined();
    expect(once.body.data!.first).toEqual(once.body.data!.second);
  });

  it('runs concurrent duplicates once, and every caller gets that one result', async () => {
    const idempotency = api.app.get(Idempotency);
    const caller = principal({ organizationId: orgA.id, role: 'admin' });
    let runs = 0;
    const request = {
      operation: 'probe',
      organizationId: orgA.id,
      key: randomUUID(),
      input: { n: 1 },
    };
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        actingAs(caller, () =>
          idempotency.run(request, async () => {
            runs++;
            await sleep(100);
            return { at: new Date(), value: 42n };
          }),
        ),
      ),
    );
    expect(runs).toBe(1);
    for (const result of results) expect(result).toEqual(results[0]);
    // Values come back as they went in (a date stays a date, a bigint a bigint).
    expect(results[5]!.at).toBeInstanceOf(Date);
    expect(results[5]!.value).toBe(42n);
  });

  it('forgets a failed attempt, so a retry runs again', async () => {
    const idempotency = api.app.get(Idempotency);
    const caller = principal({ organizationId: orgA.id, role: 'admin' });
    const request = { operation: 'probe', organizationId: orgA.id, key: randomUUID(), input: {} };
    await expect(
      actingAs(caller, () =>
        idempotency.run(request, async () => {
          throw new Error('the provider was down');
        }),
      ),
    ).rejects.toThrow('the provider was down');
    expect(await actingAs(caller, () => idempotency.run(request, async () => 'second try'))).toBe(
      'second try',
    );
  });

  it('keeps each first result for at least 24 hours', async () => {
    const input = { email: email('kept'), role: 'USER', idempotencyKey: randomUUID() };
    await invite(adminA, input);
    const rows = await withSuperuser(
      TEST_DATABASE,
      async (db) =>
        (
          await db.query(
            `SELECT extract(epoch FROM expires_at - created_at) AS seconds FROM idempotency_records
           WHERE operation = 'inviteMember' AND organization_id = $1 AND user_id = $2`,
            [orgA.id, adminA.userId],
          )
        ).rows,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(Number(row.seconds)).toBeGreaterThanOrEqual(24 * 3600);
  });
});
