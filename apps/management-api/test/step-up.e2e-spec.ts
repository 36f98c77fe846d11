import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  enableSecondFactor,
  refresh,
  staffMember,
  stepUp,
  superAdmin,
} from './support/auth-service.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { bearer, createOrganization, waitForProfiles } from './support/tenants.js';

const CREATE = `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`;
const INVITE = `mutation ($input: InviteMemberInput!) { inviteMember(input: $input) { id role } }`;
const CHANGE = `mutation ($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { id role } }`;
const SECURITY = `mutation ($input: UpdateOrganizationSecurityInput!) { updateOrganizationSecurity(input: $input) { organizationId requireMfaForStaff } }`;

const reasonOf = (body: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  body.errors?.[0]?.extensions;

describe('second factors and step-up in the Management API', () => {
  let api: RunningApp;

  beforeAll(async () => {
    api = await startApp();
  });
  afterAll(() => api.close());

  it('refuses createOrganization below aal2 with MFA_REQUIRED, and runs it after a second factor', async () => {
    const input = () => ({
      name: 'Stepped Up',
      slug: `stepped-${randomUUID().slice(0, 8)}`,
      ownerEmail: `owner-${randomUUID().slice(0, 8)}@example.test`,
    });
    const withPassword = await superAdmin(undefined, { secondFactor: false });
    const refused = await api.graphql(CREATE, { input: input() }, bearer(withPassword.accessToken));
    expect(refused.body.data ?? null).toBeNull();
    expect(reasonOf(refused.body)).toMatchObject({ code: 'FORBIDDEN', reason: 'MFA_REQUIRED' });

    const operator = await superAdmin();
    const created = await api.graphql(CREATE, { input: input() }, bearer(operator.accessToken));
    expect(created.body.errors).toBeUndefined();
  });

  it('needs a second factor for every platform operation of a super admin', async () => {
    const withPassword = await superAdmin(undefined, { secondFactor: false });
    const list = await api.graphql(
      '{ organizations(first: 1) { edges { cursor } } }',
      {},
      bearer(withPassword.accessToken),
    );
    expect(reasonOf(list.body)).toMatchObject({ code: 'FORBIDDEN', reason: 'MFA_REQUIRED' });
    const organization = await createOrganization('platform-power');
    const inside = await superAdmin(organization.id, { secondFactor: false });
    const staffWork = await api.graphql('{ organization { id } }', {}, bearer(inside.accessToken));
    expect(reasonOf(staffWork.body)).toMatchObject({ code: 'FORBIDDEN', reason: 'MFA_REQUIRED' });
    const operator = await superAdmin(organization.id);
    const allowed = await api.graphql('{ organization { id } }', {}, bearer(operator.accessToken));
    expect(allowed.body.errors).toBeUndefined();
  });

  it('asks an admin for a recent second factor to make someone ADMIN, not to invite a USER', async () => {
    const organization = await createOrganization('grant-admin');
    const admin = await staffMember(organization.id, 'admin');
    const member = await staffMember(organization.id, 'user');
    await waitForProfiles(organization.id, [admin.userId, member.userId]);
    const invite = (role: string, token: string) =>
      api.graphql(
        INVITE,
        { input: { email: `new-${randomUUID().slice(0, 8)}@example.test`, role } },
        bearer(token),
      );

    expect((await invite('USER', admin.accessToken)).body.errors).toBeUndefined();
    const adminInvite = await invite('ADMIN', admin.accessToken);
    expect(reasonOf(adminInvite.body)).toMatchObject({ code: 'FORBIDDEN', reason: 'MFA_REQUIRED' });
    const promote = await api.graphql(
      CHANGE,
      { input: { userId: member.userId, role: 'ADMIN' } },
      bearer(admin.accessToken),
    );
    expect(reasonOf(promote.body)).toMatchObject({ code: 'FORBIDDEN', reason: 'MFA_REQUIRED' });
    const demote = await api.graphql(
      CHANGE,
      { input: { userId: member.userId, role: 'MODERATOR' } },
      bearer(admin.accessToken),
    );
    expect(demote.body.errors).toBeUndefined();

    const app = await enableSecondFactor(admin);
    const stepped = await stepUp(admin, app);
    const invited = await invite('ADMIN', stepped);
    expect(invited.body.errors).toBeUndefined();
    const promoted = await api.graphql<{ changeMemberRole: { role: string } }>(
      CHANGE,
      { input: { userId: member.userId, role: 'ADMIN' } },
      bearer(stepped),
    );
    expect(promoted.body.errors).toBeUndefined();
    expect(promoted.body.data!.changeMemberRole.role).toBe('ADMIN');
  });

  it('requires a second factor of all staff once an admin turns on requireMfaForStaff', async () => {
    const organization = await createOrganization('staff-mfa');
    const admin = await staffMember(organization.id, 'admin');
    const moderator = await staffMember(organization.id, 'moderator');
    const adminApp = await enableSecondFactor(admin);

    // Changing it is itself a step-up operation.
    const plain = await api.graphql(
      SECURITY,
      { input: { requireMfaForStaff: true } },
      bearer(admin.accessToken),
    );
    expect(reasonOf(plain.body)).toMatchObject({ code: 'FORBIDDEN', reason: 'MFA_REQUIRED' });
    const stepped = await stepUp(admin, adminApp);
    const turnedOn = await api.graphql<{
      updateOrganizationSecurity: { requireMfaForStaff: boolean };
    }>(SECURITY, { input: { requireMfaForStaff: true } }, bearer(stepped));
    expect(turnedOn.body.errors).toBeUndefined();
    expect(turnedOn.body.data!.updateOrganizationSecurity.requireMfaForStaff).toBe(true);
    const read = await api.graphql<{ organizationSecurity: { requireMfaForStaff: boolean } }>(
      '{ organizationSecurity { requireMfaForStaff } }',
      {},
      bearer(stepped),
    );
    expect(read.body.data!.organizationSecurity.requireMfaForStaff).toBe(true);

    // The moderator's next token says so; staff work below aal2 is refused.
    const renewed = await refresh(moderator.refreshToken!);
    const refused = await api.graphql('{ organization { id } }', {}, bearer(renewed.accessToken));
    expect(reasonOf(refused.body)).toMatchObject({ code: 'FORBIDDEN', reason: 'MFA_REQUIRED' });
    const moderatorApp = await enableSecondFactor({
      ...moderator,
      accessToken: renewed.accessToken,
    });
    const moderatorStepped = await stepUp(
      { ...moderator, accessToken: renewed.accessToken },
      moderatorApp,
    );
    const allowed = await api.graphql('{ organization { id } }', {}, bearer(moderatorStepped));
    expect(allowed.body.errors).toBeUndefined();
    // Work that needs no organization is unaffected.
    const viewer = await api.graphql('{ viewer { id } }', {}, bearer(renewed.accessToken));
    expect(viewer.body.errors).toBeUndefined();
  });
});
