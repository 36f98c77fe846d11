import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OrganizationsRepository } from '../src/organizations/organizations.repository.js';
import { type Identity, staffMember } from './support/auth-service.js';
import { type RunningApp, startApp } from './support/running-app.js';
import {
  bearer,
  createOrganization,
  insertProfiles,
  type TestOrganization,
  waitForProfiles,
} from './support/tenants.js';

const VIEWER = `{ viewer { id email name emailVerified platformRole activeOrganizationId memberships { role organization { id name } } } }`;

describe('viewer', () => {
  let api: RunningApp;
  let organizations: TestOrganization[];
  let member: Identity;

  beforeAll(async () => {
    api = await startApp();
    organizations = await Promise.all([1, 2, 3].map(() => createOrganization('viewer')));
    member = await staffMember(organizations[0]!.id, 'moderator');
    // Their profile in the first organization is the one their membership event makes
    // (written here too, it could meet the event's own insert); the other two are
    // written as the projection would hold them.
    await waitForProfiles(organizations[0]!.id, [member.userId]);
    for (const organization of organizations.slice(1)) {
      await insertProfiles(organization.id, [
        { userId: member.userId, email: member.email, name: member.name, role: 'USER' },
      ]);
    }
  });
  afterAll(() => api.close());

  it('returns the caller from the Auth Service with their memberships, organizations batched', async () => {
    const batch = vi.spyOn(api.app.get(OrganizationsRepository), 'findManyByIds');
    const { body } = await api.graphql<{ viewer: Record<string, unknown> }>(
      VIEWER,
      {},
      bearer(member.accessToken),
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.viewer).toMatchObject({
      id: member.userId,
      email: member.email,
      name: member.name,
      emailVerified: true,
      platformRole: null,
      activeOrganizationId: organizations[0]!.id,
    });
    const memberships = body.data!.viewer.memberships as {
      role: string;
      organization: { id: string; name: string };
    }[];
    expect(memberships.map((m) => [m.organization.id, m.role]).sort()).toEqual(
      organizations.map((o, index) => [o.id, index === 0 ? 'MODERATOR' : 'USER']).sort(),
    );
    // Three memberships, one query for their organizations.
    expect(batch).toHaveBeenCalledTimes(1);
    batch.mockRestore();
  });

  it('needs a signed-in caller', async () => {
    const { body } = await api.graphql(VIEWER);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
