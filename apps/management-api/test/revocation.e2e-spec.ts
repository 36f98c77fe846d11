import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localStack } from '@trivance/shared/testing';
import {
  AUTH_URL,
  type Identity,
  logoutAll,
  resetAuthDatabase,
  revokeSigningKey,
  staffMember,
  startAuthService,
  stopAuthService,
  superAdmin,
} from './support/auth-service.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { bearer, createOrganization, waitForProfiles } from './support/tenants.js';
import { freePort } from './support/ports.js';
import { testConfig } from './support/test-env.js';

const ORGANIZATION = '{ organization { id } }';
/** The contract: a revocation reaches every verifier within 5 seconds. */
const WITHIN_MS = 5_000;

const kidOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;

async function refusedWithin(api: RunningApp, token: string): Promise<void> {
  const deadline = Date.now() + WITHIN_MS;
  for (;;) {
    const { body } = await api.graphql(ORGANIZATION, {}, bearer(token));
    if (body.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED') return;
    if (Date.now() > deadline) {
      throw new Error(`still honoured after ${WITHIN_MS} ms: ${JSON.stringify(body)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function honoured(api: RunningApp, token: string): Promise<void> {
  const { body } = await api.graphql(ORGANIZATION, {}, bearer(token));
  expect(body.errors).toBeUndefined();
}

describe('revocations reach the Management API within seconds', () => {
  let api: RunningApp;

  beforeAll(async () => {
    api = await startApp();
  });
  afterAll(() => api.close());

  it('stops honouring a remembered token after logout-all at the Auth Service', async () => {
    const organization = await createOrganization('revoked-logout');
    const member = await staffMember(organization.id, 'moderator');
    // Verified once: the Management API now remembers the token.
    await honoured(api, member.accessToken);
    await honoured(api, member.accessToken);
    await logoutAll(member.accessToken);
    await refusedWithin(api, member.accessToken);
  });

  it("stops honouring a removed member's token, and one whose sessions an admin ended", async () => {
    const organization = await createOrganization('revoked-member');
    const admin = await staffMember(organization.id, 'admin');
    const removed = await staffMember(organization.id, 'moderator');
    const ended = await staffMember(organization.id, 'moderator');
    await waitForProfiles(organization.id, [admin.userId, removed.userId, ended.userId]);
    for (const identity of [removed, ended]) await honoured(api, identity.accessToken);

    const removal = await api.graphql(
      `mutation { removeMember(input: { userId: "${removed.userId}" }) { id } }`,
      {},
      bearer(admin.accessToken),
    );
    expect(removal.body.errors).toBeUndefined();
    await refusedWithin(api, removed.accessToken);

    const ending = await api.graphql<{ endMemberSessions: { id: string } }>(
      `mutation { endMemberSessions(input: { userId: "${ended.userId}" }) { id } }`,
      {},
      bearer(admin.accessToken),
    );
    expect(ending.body.errors).toBeUndefined();
    expect(ending.body.data!.endMemberSessions.id).toBe(ended.userId);
    await refusedWithin(api, ended.accessToken);
    await honoured(api, admin.accessToken);
  });

  it("stops honouring a disabled account's tokens", async () => {
    const organization = await createOrganization('revoked-disabled');
    const member: Identity = await staffMember(organization.id, 'user');
    await honoured(api, member.accessToken);
    const operator = await superAdmin();
    const response = await fetch(`${AUTH_URL}/v1/admin/users/${member.userId}/disable`, {
      method: 'POST',
      headers: bearer(operator.accessToken),
    });
    expect(response.status).toBe(200);
    await refusedWithin(api, member.accessToken);
  });
});

/**
 * A key withdrawn with `npm run auth:revoke-signing-key`: an Auth Service of
 * its own (own database), so withdrawing its key touches no other spec's
 * tokens, and a Management API that verifies against it.
 */
describe('a revoked signing key', () => {
  const database = localStack.mongoUrl('trivance_auth_mgmt_keys_test');
  const env = { MONGODB_URI: database };
  let auth: ChildProcess;
  let authPort: number;
  let api: RunningApp;

  beforeAll(async () => {
    await resetAuthDatabase(database);
    authPort = await freePort();
    auth = await startAuthService(authPort, env);
    api = await startApp(testConfig({ AUTH_URL: `http://127.0.0.1:${authPort}` }));
  });
  afterAll(async () => {
    await api?.close();
    if (auth) await stopAuthService(auth);
  });

  it('is dropped by the verifier at once: tokens it signed stop working, new ones work', async () => {
    const organization = await createOrganization('revoked-key');
    const staff = await staffMember(organization.id, 'admin', authPort);
    await honoured(api, staff.accessToken);
    const kid = kidOf(staff.accessToken);
    await revokeSigningKey(kid, env);
    await refusedWithin(api, staff.accessToken);
    const next = await staffMember(organization.id, 'admin', authPort);
    expect(kidOf(next.accessToken)).not.toBe(kid);
    // The new key is unknown to the verifier until it refetches the JWKS on sight.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { body } = await api.graphql(ORGANIZATION, {}, bearer(next.accessToken));
      if (!body.errors) break;
      if (Date.now() > deadline) throw new Error(JSON.stringify(body));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
});
