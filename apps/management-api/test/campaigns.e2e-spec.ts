import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endUser, type Identity, staffMember } from './support/auth-service.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { bearer, createOrganization, type TestOrganization } from './support/tenants.js';

const days = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

const FIELDS =
  'id status title description currency goal { amount currency } minimumAmount { amount currency } category { id name } organization { id } startsAt endsAt closedAt';

interface PublicPage {
  edges: { node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

interface CampaignShape {
  id: string;
  status: string;
  title: string;
  description: string | null;
  currency: string;
  goal: { amount: number; currency: string } | null;
  minimumAmount: { amount: number; currency: string };
  category: { id: string; name: string } | null;
  organization: { id: string };
  startsAt: string | null;
  endsAt: string | null;
  closedAt: string | null;
}

const CREATE = `mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation ($input: UpdateCampaignInput!) { updateCampaign(input: $input) { ${FIELDS} } }`;
const PUBLISH = `mutation ($input: CampaignIdInput!) { publishCampaign(input: $input) { ${FIELDS} } }`;
const CLOSE = `mutation ($input: CampaignIdInput!) { closeCampaign(input: $input) { ${FIELDS} } }`;
const PUBLIC_LIST = `query ($filter: PublicCampaignFilter, $first: Int, $after: String) {
  publicCampaigns(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id title status } } pageInfo { hasNextPage endCursor }
  }
}`;

describe('campaigns', () => {
  let api: RunningApp;
  let organization: TestOrganization;
  let other: TestOrganization;
  let admin: Identity;
  let moderator: Identity;
  let volunteer: Identity;
  let otherAdmin: Identity;
  let donor: Identity;

  beforeAll(async () => {
    api = await startApp();
    [organization, other] = await Promise.all([
      createOrganization('campaigns'),
      createOrganization('campaigns-other'),
    ]);
    [admin, moderator, volunteer, otherAdmin, donor] = await Promise.all([
      staffMember(organization.id, 'admin'),
      staffMember(organization.id, 'moderator'),
      staffMember(organization.id, 'user'),
      staffMember(other.id, 'admin'),
      endUser('campaigns-donor'),
    ]);
  });
  afterAll(() => api.close());

  const gql = <T>(
    caller: Identity | null,
    query: string,
    variables: Record<string, unknown> = {},
  ) =>
    api
      .graphql<T>(query, variables, caller ? bearer(caller.accessToken) : {})
      .then(({ body }) => body);

  async function create(input: Record<string, unknown>, by: Identity = moderator) {
    const body = await gql<{ createCampaign: CampaignShape }>(by, CREATE, { input });
    expect(body.errors).toBeUndefined();
    return body.data!.createCampaign;
  }

  const publicIds = async (filter: Record<string, unknown>) => {
    const body = await gql<{ publicCampaigns: { edges: { node: { id: string } }[] } }>(
      null,
      PUBLIC_LIST,
      { filter, first: 100 },
    );
    expect(body.errors).toBeUndefined();
    return body.data!.publicCampaigns.edges.map((edge) => edge.node.id);
  };

  it('start as drafts with a goal in minor units, seen only by their organization', async () => {
    const campaign = await create({
      title: '  Techo para la capilla  ',
      description: 'Reparar el techo antes de lluvias',
      goal: { amount: 5_000_000_000, currency: 'COP' },
      endsAt: days(30),
    });
    expect(campaign).toMatchObject({
      status: 'DRAFT',
      title: 'Techo para la capilla',
      currency: 'COP',
      goal: { amount: 5_000_000_000, currency: 'COP' },
      minimumAmount: { amount: 100_000, currency: 'COP' },
      organization: { id: organization.id },
      closedAt: null,
    });
    const read = await gql<{ campaign: CampaignShape }>(
      volunteer,
      `query ($id: ID!) { campaign(id: $id) { ${FIELDS} } }`,
      { id: campaign.id },
    );
    expect(read.data!.campaign.id).toBe(campaign.id);

    // A draft is nobody else's business: not public, not another organization's.
    const anonymous = await gql(null, 'query ($id: ID!) { publicCampaign(id: $id) { id } }', {
      id: campaign.id,
    });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const foreign = await gql(otherAdmin, 'query ($id: ID!) { campaign(id: $id) { id } }', {
      id: campaign.id,
    });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await publicIds({ organizationId: organization.id })).not.toContain(campaign.id);
  });

  it('go public when published and stay public, taking no gifts, once closed', async () => {
    const campaign = await create({ title: `Becas ${randomUUID().slice(0, 6)}` });
    // Listed first, so the public page is cached before the campaign is published.
    expect(await publicIds({ organizationId: organization.id })).not.toContain(campaign.id);

    const published = await gql<{ publishCampaign: CampaignShape }>(moderator, PUBLISH, {
      input: { id: campaign.id },
    });
    expect(published.data!.publishCampaign.status).toBe('PUBLISHED');
    // The cache was dropped before the mutation returned.
    expect(await publicIds({ organizationId: organization.id })).toContain(campaign.id);
    const detail = await gql<{ publicCampaign: { title: string; status: string } }>(
      donor,
      'query ($id: ID!) { publicCampaign(id: $id) { title status } }',
      { id: campaign.id },
    );
    expect(detail.data!.publicCampaign).toEqual({ title: campaign.title, status: 'PUBLISHED' });

    const closed = await gql<{ closeCampaign: CampaignShape }>(admin, CLOSE, {
      input: { id: campaign.id },
    });
    expect(closed.data!.closeCampaign.status).toBe('CLOSED');
    expect(closed.data!.closeCampaign.closedAt).not.toBeNull();
    expect(await publicIds({ organizationId: organization.id })).not.toContain(campaign.id);
    const after = await gql<{ publicCampaign: { status: string } }>(
      null,
      'query ($id: ID!) { publicCampaign(id: $id) { status } }',
      { id: campaign.id },
    );
    expect(after.data!.publicCampaign.status).toBe('CLOSED');
  });

  it('move only forward: DRAFT → PUBLISHED → CLOSED, and a closed one no longer changes', async () => {
    const campaign = await create({ title: 'Comedor comunitario' });
    const early = await gql(admin, CLOSE, { input: { id: campaign.id } });
    expect(early.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'ILLEGAL_STATE_TRANSITION',
    });
    await gql(admin, PUBLISH, { input: { id: campaign.id } });
    const twice = await gql(admin, PUBLISH, { input: { id: campaign.id } });
    expect(twice.errors?.[0]?.extensions?.reason).toBe('ILLEGAL_STATE_TRANSITION');
    await gql(admin, CLOSE, { input: { id: campaign.id } });
    const edit = await gql(admin, UPDATE, { input: { id: campaign.id, title: 'Otro' } });
    expect(edit.errors?.[0]?.extensions?.reason).toBe('ILLEGAL_STATE_TRANSITION');
    const reopen = await gql(admin, PUBLISH, { input: { id: campaign.id } });
    expect(reopen.errors?.[0]?.extensions?.reason).toBe('ILLEGAL_STATE_TRANSITION');
  });

  it('refuse bad input with the field that is wrong, and change nothing', async () => {
    const campaign = await create({
      title: 'Misiones',
      goal: { amount: 100_000, currency: 'USD' },
    });
    const refusals: [Record<string, unknown>, string][] = [
      [{ title: 'Cero', goal: { amount: 0, currency: 'COP' } }, 'goal'],
      [{ title: 'Mezcla', goal: { amount: 100, currency: 'COP' }, currency: 'USD' }, 'currency'],
      [{ title: 'Fechas', startsAt: days(5), endsAt: days(1) }, 'endsAt'],
    ];
    for (const [input, field] of refusals) {
      const body = await gql(moderator, CREATE, { input });
      expect(body.errors?.[0]?.extensions?.code, JSON.stringify(input)).toBe('BAD_USER_INPUT');
      expect(Object.keys(body.errors?.[0]?.extensions?.errors ?? {})).toContain(field);
    }
    for (const input of [
      { title: '' },
      { title: 'Moneda', currency: 'cop' },
      { title: 'Imagen', coverImageUrl: 'javascript:alert(1)' },
    ]) {
      const body = await gql(moderator, CREATE, { input });
      expect(body.errors?.[0]?.extensions?.code, JSON.stringify(input)).toBe('BAD_USER_INPUT');
    }
    // An update that would end it before it starts leaves it as it was.
    await gql(moderator, UPDATE, { input: { id: campaign.id, startsAt: days(10) } });
    const bad = await gql(moderator, UPDATE, {
      input: { id: campaign.id, title: 'Nunca', endsAt: days(2) },
    });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const read = await gql<{ campaign: CampaignShape }>(
      admin,
      `query ($id: ID!) { campaign(id: $id) { ${FIELDS} } }`,
      { id: campaign.id },
    );
    expect(read.data!.campaign).toMatchObject({ title: 'Misiones', endsAt: null });

    // Once public, a campaign keeps its currency (gifts are taken in it).
    await gql(moderator, PUBLISH, { input: { id: campaign.id } });
    const currency = await gql(moderator, UPDATE, {
      input: { id: campaign.id, goal: { amount: 100_000_000, currency: 'COP' } },
    });
    expect(currency.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const raised = await gql<{ updateCampaign: CampaignShape }>(moderator, UPDATE, {
      input: { id: campaign.id, goal: { amount: 250_000, currency: 'USD' } },
    });
    expect(raised.data!.updateCampaign.goal).toEqual({ amount: 250_000, currency: 'USD' });
    // A dollar campaign's smallest gift is a dollar, not a thousand.
    expect(raised.data!.updateCampaign.minimumAmount).toEqual({ amount: 100, currency: 'USD' });
  });

  it('are written by editors only: door volunteers read them, donors neither', async () => {
    const byVolunteer = await gql(volunteer, CREATE, { input: { title: 'No' } });
    expect(byVolunteer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const byDonor = await gql(donor, '{ campaigns(first: 5) { edges { node { id } } } }');
    expect(byDonor.errors?.[0]?.extensions?.code).toMatch(/^(FORBIDDEN|UNAUTHENTICATED)$/);
    const campaign = await create({ title: 'Solo editores' });
    const foreignEdit = await gql(otherAdmin, UPDATE, {
      input: { id: campaign.id, title: 'Tomado' },
    });
    expect(foreignEdit.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const foreignPublish = await gql(otherAdmin, PUBLISH, { input: { id: campaign.id } });
    expect(foreignPublish.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('are listed publicly by organization, category and title, keyset-paginated, newest first', async () => {
    const category = await gql<{ createCategory: { id: string } }>(
      moderator,
      'mutation ($input: CreateCategoryInput!) { createCategory(input: $input) { id } }',
      { input: { name: `Educación ${randomUUID().slice(0, 4)}` } },
    );
    const categoryId = category.data!.createCategory.id;
    const marker = randomUUID().slice(0, 8);
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      const campaign = await create({
        title: `Útiles ${marker} ${i}`,
        categoryId: i % 2 === 0 ? categoryId : null,
      });
      await gql(moderator, PUBLISH, { input: { id: campaign.id } });
      made.push(campaign.id);
    }
    const otherCampaign = await create({ title: `Útiles ${marker} ajeno` }, otherAdmin);
    await gql(otherAdmin, PUBLISH, { input: { id: otherCampaign.id } });

    expect(await publicIds({ search: marker })).toEqual([otherCampaign.id, ...made.reverse()]);
    expect(await publicIds({ search: marker, organizationId: organization.id })).toEqual(made);
    expect(await publicIds({ categoryId })).toEqual([made[0], made[2], made[4]]);

    const pages: string[] = [];
    let after: string | null = null;
    for (;;) {
      const body = await gql<{ publicCampaigns: PublicPage }>(null, PUBLIC_LIST, {
        filter: { search: marker, organizationId: organization.id },
        first: 2,
        after,
      });
      const page: PublicPage = body.data!.publicCampaigns;
      pages.push(...page.edges.map((edge) => edge.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toEqual(made);

    // The category of a public campaign is public too.
    const detail = await gql<{ publicCampaign: { category: { id: string } | null } }>(
      null,
      'query ($id: ID!) { publicCampaign(id: $id) { category { id } } }',
      { id: made[0] },
    );
    expect(detail.data!.publicCampaign.category?.id).toBe(categoryId);
  });

  it('that ended are no longer listed, but can still be read', async () => {
    const campaign = await create({ title: 'Navidad pasada', endsAt: days(30) });
    await gql(moderator, PUBLISH, { input: { id: campaign.id } });
    expect(await publicIds({ organizationId: organization.id })).toContain(campaign.id);
    const ended = await gql(moderator, UPDATE, {
      input: { id: campaign.id, startsAt: days(-20), endsAt: days(-1) },
    });
    expect(ended.errors).toBeUndefined();
    expect(await publicIds({ organizationId: organization.id })).not.toContain(campaign.id);
    const detail = await gql<{ publicCampaign: { id: string } }>(
      null,
      'query ($id: ID!) { publicCampaign(id: $id) { id } }',
      { id: campaign.id },
    );
    expect(detail.data!.publicCampaign.id).toBe(campaign.id);
  });

  it('keep a category in use from being deleted', async () => {
    const category = await gql<{ createCategory: { id: string } }>(
      moderator,
      'mutation ($input: CreateCategoryInput!) { createCategory(input: $input) { id } }',
      { input: { name: `Salud ${randomUUID().slice(0, 4)}` } },
    );
    const categoryId = category.data!.createCategory.id;
    await create({ title: 'Brigada médica', categoryId });
    const refused = await gql(
      admin,
      'mutation ($input: DeleteCategoryInput!) { deleteCategory(input: $input) { id } }',
      { input: { id: categoryId } },
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'CATEGORY_IN_USE',
    });
  });

  it('organizations carry the legal name and tax id certificates will show', async () => {
    const updated = await gql<{ updateOrganization: { legalName: string; taxId: string } }>(
      admin,
      'mutation ($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { legalName taxId } }',
      { input: { legalName: ' Fundación Techo Seguro ', taxId: '900.123.456-7' } },
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateOrganization).toEqual({
      legalName: 'Fundación Techo Seguro',
      taxId: '900.123.456-7',
    });
    const bad = await gql(
      admin,
      'mutation ($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { taxId } }',
      { input: { taxId: '<script>' } },
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const byModerator = await gql(
      moderator,
      'mutation ($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { taxId } }',
      { input: { taxId: '12' } },
    );
    expect(byModerator.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
