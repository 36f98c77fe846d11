import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Identity,
  staffMember,
  startAuthService,
  stopAuthService,
} from './support/auth-service.js';
import { type RunningApp, startApp } from './support/running-app.js';
import {
  bearer,
  createOrganization,
  insertProfiles,
  profilesOf,
  type TestOrganization,
  waitForProfiles,
} from './support/tenants.js';
import { freePort } from './support/ports.js';
import { testConfig } from './support/test-env.js';

/**
 * The Management API talks to its own Auth Service replica, which is stopped
 * mid-test: membership changes must then fail clearly and change nothing.
 */
describe('when the Auth Service is unreachable', () => {
  let api: RunningApp;
  let replica: ChildProcess;
  let organization: TestOrganization;
  let admin: Identity;
  let memberId: string;

  beforeAll(async () => {
    const replicaPort = await freePort();
    replica = await startAuthService(replicaPort);
    api = await startApp(testConfig({ AUTH_URL: `http://127.0.0.1:${replicaPort}` }));
    organization = await createOrganization('outage');
    admin = await staffMember(organization.id, 'admin');
    // The admin's own profile arrives through the event stream; let it land first.
    await waitForProfiles(organization.id, [admin.userId]);
    [{ userId: memberId }] = await insertProfiles(organization.id, [{ role: 'USER' }]);
    // Signing keys are fetched while the replica is up and stay cached.
    const { body } = await api.graphql('{ organization { id } }', {}, bearer(admin.accessToken));
    expect(body.errors).toBeUndefined();
    await stopAuthService(replica);
  });
  afterAll(async () => {
    await api.close();
    await stopAuthService(replica);
  });

  it('refuses membership changes with a clear error and changes nothing locally', async () => {
    const before = await profilesOf(organization.id);
    const mutations = [
      `mutation { changeMemberRole(input: { userId: "${memberId}", role: MODERATOR }) { id role } }`,
      `mutation { removeMember(input: { userId: "${memberId}" }) { id } }`,
      `mutation { inviteMember(input: { email: "new-member@example.test", role: USER }) { id } }`,
    ];
    for (const mutation of mutations) {
      const { body } = await api.graphql(mutation, {}, bearer(admin.accessToken));
      expect(body.data ?? null).toBeNull();
      expect(body.errors?.[0]?.extensions).toMatchObject({
        code: 'INTERNAL',
        reason: 'IDENTITY_SERVICE_UNAVAILABLE',
      });
      expect(body.errors?.[0]?.message).toMatch(/nothing was changed/);
    }
    expect(await profilesOf(organization.id)).toEqual(before);
  });

  it('keeps serving reads with the signing keys it already holds', async () => {
    const { body } = await api.graphql(
      '{ users(first: 5) { edges { node { id } } } }',
      {},
      bearer(admin.accessToken),
    );
    expect(body.errors).toBeUndefined();
  });
});
