import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Identity, MAILDEV_URL, staffMember } from './support/auth-service.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { bearer, createOrganization, type TestOrganization } from './support/tenants.js';

const INVITE = `mutation ($input: InviteMemberInput!) { inviteMember(input: $input) { id email role } }`;
const LIST = `query ($first: Int, $after: String, $last: Int, $before: String) {
  invitations(first: $first, after: $after, last: $last, before: $before) {
    edges { cursor node { id email role expiresAt } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;
const REVOKE = `mutation ($input: RevokeInvitationInput!) { revokeInvitation(input: $input) { id email } }`;

interface Page {
  invitations: {
    edges: { cursor: string; node: { id: string; email: string; role: string } }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
  };
}

async function invitationLink(address: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const query = new URLSearchParams({ 'to.address': address });
    const mails = (await (await fetch(`${MAILDEV_URL}/api/email?${query}`)).json()) as {
      text: string;
      to: { address: string }[];
    }[];
    const mail = mails.find((m) => m.to.some((to) => to.address === address));
    const token = mail && /accept-invitation\?token=([\w-]+)/.exec(mail.text)?.[1];
    if (token) return token;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no invitation reached ${address}`);
}

describe('pending invitations and members’ sessions', () => {
  let api: RunningApp;
  let organization: TestOrganization;
  let admin: Identity;

  beforeAll(async () => {
    api = await startApp();
    organization = await createOrganization('invitations');
    admin = await staffMember(organization.id, 'admin');
  });
  afterAll(() => api.close());

  it('lists pending invitations newest first as a connection, both ways', async () => {
    const emails: string[] = [];
    for (let i = 0; i < 3; i++) {
      const email = `pending-${i}-${randomUUID().slice(0, 6)}@example.test`;
      emails.push(email);
      const { body } = await api.graphql(
        INVITE,
        { input: { email, role: 'USER' } },
        bearer(admin.accessToken),
      );
      expect(body.errors).toBeUndefined();
    }
    const first = await api.graphql<Page>(LIST, { first: 2 }, bearer(admin.accessToken));
    expect(first.body.errors).toBeUndefined();
    const page = first.body.data!.invitations;
    expect(page.edges.map((edge) => edge.node.email)).toEqual([emails[2], emails[1]]);
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const next = await api.graphql<Page>(
      LIST,
      { first: 2, after: page.pageInfo.endCursor },
      bearer(admin.accessToken),
    );
    expect(next.body.data!.invitations.edges[0]!.node.email).toBe(emails[0]);
    const back = await api.graphql<Page>(
      LIST,
      { last: 1, before: page.edges[1]!.cursor },
      bearer(admin.accessToken),
    );
    expect(back.body.data!.invitations.edges.map((edge) => edge.node.email)).toEqual([emails[2]]);
    const forged = await api.graphql(
      LIST,
      { first: 1, after: 'not-a-cursor' },
      bearer(admin.accessToken),
    );
    expect(forged.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('revokes a pending invitation: the link stops working; another organization cannot touch it', async () => {
    const email = `revocable-${randomUUID().slice(0, 6)}@example.test`;
    const { body } = await api.graphql<{ inviteMember: { id: string } }>(
      INVITE,
      { input: { email, role: 'MODERATOR' } },
      bearer(admin.accessToken),
    );
    const id = body.data!.inviteMember.id;
    const token = await invitationLink(email);

    const stranger = await staffMember((await createOrganization('stranger')).id, 'admin');
    const foreign = await api.graphql(REVOKE, { input: { id } }, bearer(stranger.accessToken));
    expect(foreign.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const moderator = await staffMember(organization.id, 'moderator');
    const notAdmin = await api.graphql(REVOKE, { input: { id } }, bearer(moderator.accessToken));
    expect(notAdmin.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const revoked = await api.graphql<{ revokeInvitation: { id: string; email: string } }>(
      REVOKE,
      { input: { id } },
      bearer(admin.accessToken),
    );
    expect(revoked.body.errors).toBeUndefined();
    expect(revoked.body.data!.revokeInvitation).toEqual({ id, email });
    const listed = await api.graphql<Page>(LIST, { first: 100 }, bearer(admin.accessToken));
    expect(listed.body.data!.invitations.edges.map((edge) => edge.node.id)).not.toContain(id);

    const authUrl = (await import('./support/auth-service.js')).AUTH_URL;
    const accept = await fetch(`${authUrl}/v1/auth/invitations/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, name: 'Too Late', password: `Pass-${randomUUID()}` }),
    });
    expect(accept.status).toBe(400);
    expect(((await accept.json()) as { code: string }).code).toBe('INVALID_TOKEN');
  });

  it('refuses endMemberSessions for someone who is not a member here', async () => {
    const outsider = await staffMember((await createOrganization('outsider')).id, 'user');
    const { body } = await api.graphql(
      `mutation { endMemberSessions(input: { userId: "${outsider.userId}" }) { id } }`,
      {},
      bearer(admin.accessToken),
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
