import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Identity, staffMember } from './support/auth-service.js';
import { eventually } from './support/eventually.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { bearer, createOrganization, type TestOrganization } from './support/tenants.js';
import { TEST_DATABASE, testConfig, withSuperuser } from './support/test-env.js';

const FIELDS =
  'id kind status title body imageUrl imageAlt videoUrl linkUrl publishAt unpublishAt position publishedAt createdAt organization { id }';

interface PublicationShape {
  id: string;
  kind: string;
  status: string;
  title: string;
  body: string | null;
  imageUrl: string | null;
  imageAlt: string | null;
  videoUrl: string | null;
  linkUrl: string | null;
  publishAt: string | null;
  unpublishAt: string | null;
  position: number;
  publishedAt: string | null;
  createdAt: string;
  organization: { id: string };
}

interface Page {
  edges: { cursor: string; node: { id: string; title: string } }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

const CREATE = `mutation ($input: CreatePublicationInput!) { createPublication(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation ($input: UpdatePublicationInput!) { updatePublication(input: $input) { ${FIELDS} } }`;
const byId = (name: string) =>
  `mutation ($input: PublicationIdInput!) { ${name}(input: $input) { ${FIELDS} } }`;
const ONE = `query ($id: ID!) { publication(id: $id) { ${FIELDS} } }`;
const PAGE_FIELDS =
  'edges { cursor node { id title } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';
const STAFF_LIST = `query ($filter: PublicationFilter, $first: Int, $after: String) {
  publications(filter: $filter, first: $first, after: $after) { ${PAGE_FIELDS} }
}`;
const FEED = `query ($filter: PublicFeedFilter, $first: Int, $after: String, $last: Int, $before: String) {
  publicFeed(filter: $filter, first: $first, after: $after, last: $last, before: $before) { ${PAGE_FIELDS} }
}`;
const FEED_CACHE_KEY = 'cache:publicFeed:public:pages';

const seconds = (n: number) => new Date(Date.now() + n * 1000).toISOString();
const IMAGE = { imageUrl: 'https://cdn.example.test/banner.png', imageAlt: 'The choir on stage' };

describe('publications', () => {
  let api: RunningApp;
  let redis: Redis;
  let organization: TestOrganization;
  let other: TestOrganization;
  let admin: Identity;
  let moderator: Identity;
  let volunteer: Identity;
  let otherAdmin: Identity;

  beforeAll(async () => {
    api = await startApp();
    redis = new Redis(testConfig().REDIS_URL);
    [organization, other] = await Promise.all([
      createOrganization('publications'),
      createOrganization('publications-other'),
    ]);
    [admin, moderator, volunteer, otherAdmin] = await Promise.all([
      staffMember(organization.id, 'admin'),
      staffMember(organization.id, 'moderator'),
      staffMember(organization.id, 'user'),
      staffMember(other.id, 'admin'),
    ]);
  });
  afterAll(async () => {
    redis.disconnect();
    await api.close();
  });

  const gql = <T>(
    caller: Identity | null,
    query: string,
    variables: Record<string, unknown> = {},
  ) =>
    api
      .graphql<T>(query, variables, caller ? bearer(caller.accessToken) : {})
      .then(({ body }) => body);

  async function create(input: Record<string, unknown>, by: Identity = moderator) {
    const body = await gql<{ createPublication: PublicationShape }>(by, CREATE, {
      input: { kind: 'POST', ...input },
    });
    expect(body.errors).toBeUndefined();
    return body.data!.createPublication;
  }

  async function run(name: string, id: string, by: Identity = moderator) {
    const body = await gql<Record<string, PublicationShape>>(by, byId(name), { input: { id } });
    expect(body.errors).toBeUndefined();
    return body.data![name]!;
  }

  async function published(input: Record<string, unknown>, by: Identity = moderator) {
    const draft = await create(input, by);
    return run('publishPublication', draft.id, by);
  }

  async function feed(
    filter: Record<string, unknown>,
    page: { first?: number; after?: string; last?: number; before?: string } = { first: 100 },
  ): Promise<Page> {
    const body = await gql<{ publicFeed: Page }>(null, FEED, { filter, ...page });
    expect(body.errors).toBeUndefined();
    return body.data!.publicFeed;
  }

  const titlesIn = async (organizationId: string) =>
    (await feed({ organizationId })).edges.map((edge) => edge.node.title);

  const row = (id: string) =>
    withSuperuser(TEST_DATABASE, async (db) => {
      const result = await db.query('SELECT * FROM publications WHERE id = $1', [id]);
      return result.rows[0] as Record<string, unknown> | undefined;
    });

  /** A change made behind the API's back: only a cache reload can show it. */
  const retitleBehindTheCache = (id: string, title: string) =>
    withSuperuser(TEST_DATABASE, (db) =>
      db.query('UPDATE publications SET title = $2 WHERE id = $1', [id, title]),
    );

  describe('staff', () => {
    it('lets a moderator create, read, change, publish, unpublish and delete one', async () => {
      const draft = await create({
        kind: 'BANNER',
        title: '  Christmas concert  ',
        body: 'Saturday at eight',
        ...IMAGE,
        linkUrl: 'https://example.test/concert',
        position: 3,
      });
      expect(draft).toMatchObject({
        kind: 'BANNER',
        status: 'DRAFT',
        title: 'Christmas concert',
        body: 'Saturday at eight',
        ...IMAGE,
        linkUrl: 'https://example.test/concert',
        position: 3,
        publishAt: null,
        unpublishAt: null,
        publishedAt: null,
        organization: { id: organization.id },
      });
      expect(await row(draft.id)).toMatchObject({
        created_by: moderator.userId,
        updated_by: moderator.userId,
      });

      // Door volunteers read them.
      const read = await gql<{ publication: PublicationShape }>(volunteer, ONE, { id: draft.id });
      expect(read.data?.publication.title).toBe('Christmas concert');

      const changed = await gql<{ updatePublication: PublicationShape }>(admin, UPDATE, {
        input: { id: draft.id, title: 'Christmas concert (new date)', body: null, position: 1 },
      });
      expect(changed.errors).toBeUndefined();
      expect(changed.data!.updatePublication).toMatchObject({
        title: 'Christmas concert (new date)',
        body: null,
        position: 1,
        ...IMAGE,
      });
      expect(await row(draft.id)).toMatchObject({
        created_by: moderator.userId,
        updated_by: admin.userId,
      });

      const live = await run('publishPublication', draft.id);
      expect(live.status).toBe('PUBLISHED');
      expect(live.publishedAt).not.toBeNull();
      expect((await run('unpublishPublication', draft.id)).status).toBe('DRAFT');

      const deleted = await run('deletePublication', draft.id);
      expect(deleted).toMatchObject({ id: draft.id, title: 'Christmas concert (new date)' });
      expect(await row(draft.id)).toBeUndefined();
      const gone = await gql(moderator, ONE, { id: draft.id });
      expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });

    it('refuses every write to a USER (door volunteer) and changes nothing', async () => {
      const draft = await create({ title: 'Volunteers read this' });
      const refused = [
        await gql(volunteer, CREATE, { input: { kind: 'POST', title: 'Not mine to write' } }),
        await gql(volunteer, UPDATE, { input: { id: draft.id, title: 'Defaced' } }),
        ...(await Promise.all(
          ['publishPublication', 'unpublishPublication', 'deletePublication'].map((name) =>
            gql(volunteer, byId(name), { input: { id: draft.id } }),
          ),
        )),
      ];
      for (const body of refused) expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await row(draft.id)).toMatchObject({ title: 'Volunteers read this', status: 'DRAFT' });
      const list = await gql<{ publications: Page }>(volunteer, STAFF_LIST, { first: 100 });
      expect(list.data!.publications.edges.map((edge) => edge.node.title)).not.toContain(
        'Not mine to write',
      );
    });

    it("answers NOT_FOUND for another organization's publication, and changes nothing", async () => {
      const mine = await create({ title: 'Only ours' });
      for (const body of [
        await gql(otherAdmin, ONE, { id: mine.id }),
        await gql(otherAdmin, UPDATE, { input: { id: mine.id, title: 'Taken over' } }),
        await gql(otherAdmin, byId('publishPublication'), { input: { id: mine.id } }),
        await gql(otherAdmin, byId('deletePublication'), { input: { id: mine.id } }),
      ]) {
        expect(body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
        expect(body.errors?.[0]?.extensions?.reason).toBeUndefined();
      }
      const theirs = await gql<{ publications: Page }>(otherAdmin, STAFF_LIST, { first: 100 });
      expect(theirs.data!.publications.edges).toEqual([]);
      expect(await row(mine.id)).toMatchObject({ title: 'Only ours', status: 'DRAFT' });
    });

    it('filters the staff list by kind and status', async () => {
      const org = await createOrganization('publications-filter');
      const editor = await staffMember(org.id, 'moderator');
      const post = await create({ title: 'A post' }, editor);
      const video = await published(
        { kind: 'VIDEO', title: 'A video', videoUrl: 'https://video.example.test/v/1' },
        editor,
      );
      const list = async (filter: Record<string, unknown>) =>
        (
          await gql<{ publications: Page }>(editor, STAFF_LIST, { filter, first: 100 })
        ).data!.publications.edges.map((edge) => edge.node.id);
      expect(await list({ kind: 'VIDEO' })).toEqual([video.id]);
      expect(await list({ status: 'DRAFT' })).toEqual([post.id]);
      expect(await list({ kind: 'POST', status: 'PUBLISHED' })).toEqual([]);
      expect((await list({})).sort()).toEqual([post.id, video.id].sort());
    });
  });

  describe('validation', () => {
    const refusal = async (input: Record<string, unknown>, mutation = CREATE) => {
      const body = await gql(moderator, mutation, { input });
      expect(body.data ?? null).toBeNull();
      return body.errors?.[0]?.extensions as
        { code: string; reason?: string; errors?: Record<string, string[]> } | undefined;
    };

    it('refuses URLs that are not web addresses, and images or videos over plain http', async () => {
      for (const [field, value] of [
        ['imageUrl', 'not a url'],
        ['imageUrl', 'http://cdn.example.test/banner.png'],
        ['videoUrl', 'ftp://video.example.test/v.mp4'],
        ['linkUrl', 'javascript:alert(1)'],
        ['linkUrl', 'example.test/no-scheme'],
      ] as const) {
        const extensions = await refusal({
          kind: 'POST',
          title: 'Bad link',
          imageAlt: 'alt',
          [field]: value,
        });
        expect(extensions?.code, `${field}=${value}`).toBe('BAD_USER_INPUT');
        expect(Object.keys(extensions?.errors ?? {}), `${field}=${value}`).toContain(field);
      }
    });

    it('refuses an image without its alternative text, a banner without an image and a video without its URL', async () => {
      expect(
        await refusal({ kind: 'POST', title: 'No alt', imageUrl: IMAGE.imageUrl }),
      ).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'PUBLICATION_IMAGE_ALT_REQUIRED',
        errors: { imageAlt: [expect.any(String)] },
      });
      expect(
        await refusal({
          kind: 'POST',
          title: 'Blank alt',
          imageUrl: IMAGE.imageUrl,
          imageAlt: '   ',
        }),
      ).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PUBLICATION_IMAGE_ALT_REQUIRED' });
      expect(await refusal({ kind: 'BANNER', title: 'No image' })).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'PUBLICATION_IMAGE_REQUIRED',
      });
      expect(await refusal({ kind: 'VIDEO', title: 'No video' })).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'PUBLICATION_VIDEO_URL_REQUIRED',
      });

      // An update cannot break the rule one field at a time either.
      const banner = await create({ kind: 'BANNER', title: 'With image', ...IMAGE });
      expect(await refusal({ id: banner.id, imageAlt: null }, UPDATE)).toMatchObject({
        reason: 'PUBLICATION_IMAGE_ALT_REQUIRED',
      });
      expect(await refusal({ id: banner.id, imageUrl: null }, UPDATE)).toMatchObject({
        reason: 'PUBLICATION_IMAGE_REQUIRED',
      });
      expect(await row(banner.id)).toMatchObject({
        image_url: IMAGE.imageUrl,
        image_alt: IMAGE.imageAlt,
      });
    });

    it('refuses a reversed window, on create and on update', async () => {
      expect(
        await refusal({
          kind: 'POST',
          title: 'Backwards',
          publishAt: seconds(7200),
          unpublishAt: seconds(3600),
        }),
      ).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'PUBLICATION_WINDOW_INVALID',
        errors: { unpublishAt: [expect.any(String)] },
      });
      const scheduled = await create({ title: 'Scheduled', publishAt: seconds(7200) });
      expect(await refusal({ id: scheduled.id, unpublishAt: seconds(3600) }, UPDATE)).toMatchObject(
        { code: 'BAD_USER_INPUT', reason: 'PUBLICATION_WINDOW_INVALID' },
      );
      expect(
        await refusal({ id: scheduled.id, unpublishAt: scheduled.publishAt }, UPDATE),
      ).toMatchObject({ reason: 'PUBLICATION_WINDOW_INVALID' });
    });

    it('refuses blank titles, positions out of range and unknown kinds', async () => {
      expect((await refusal({ kind: 'POST', title: '   ' }))?.code).toBe('BAD_USER_INPUT');
      expect((await refusal({ kind: 'POST', title: '' }))?.code).toBe('BAD_USER_INPUT');
      expect((await refusal({ kind: 'POST', title: 'x'.repeat(201) }))?.code).toBe(
        'BAD_USER_INPUT',
      );
      expect((await refusal({ kind: 'POST', title: 'Negative', position: -1 }))?.code).toBe(
        'BAD_USER_INPUT',
      );
      expect((await refusal({ kind: 'PODCAST', title: 'Unknown kind' }))?.code).toBe(
        'BAD_USER_INPUT',
      );
    });

    it('moves only DRAFT → PUBLISHED → DRAFT, and will not publish a window that has closed', async () => {
      const draft = await create({ title: 'Moves' });
      const unpublishDraft = await gql(moderator, byId('unpublishPublication'), {
        input: { id: draft.id },
      });
      expect(unpublishDraft.errors?.[0]?.extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'ILLEGAL_STATE_TRANSITION',
      });
      await run('publishPublication', draft.id);
      const again = await gql(moderator, byId('publishPublication'), { input: { id: draft.id } });
      expect(again.errors?.[0]?.extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'ILLEGAL_STATE_TRANSITION',
      });

      const ended = await create({
        title: 'Already over',
        publishAt: seconds(-7200),
        unpublishAt: seconds(-3600),
      });
      const late = await gql(moderator, byId('publishPublication'), { input: { id: ended.id } });
      expect(late.errors?.[0]?.extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'PUBLICATION_WINDOW_ENDED',
      });
      expect(await row(ended.id)).toMatchObject({ status: 'DRAFT' });
    });
  });

  describe('the public feed', () => {
    it('orders by position, then newest first, for staff and for anyone', async () => {
      const org = await createOrganization('publications-order');
      const editor = await staffMember(org.id, 'moderator');
      // Created in this order: "newest" is later in the list.
      const oldAtOne = await published({ title: 'old at 1', position: 1 }, editor);
      const oldAtZero = await published({ title: 'old at 0', position: 0 }, editor);
      const atTwo = await published({ title: 'at 2', position: 2 }, editor);
      const newAtZero = await published({ title: 'new at 0', position: 0 }, editor);
      const newAtOne = await published({ title: 'new at 1', position: 1 }, editor);
      const expected = [newAtZero, oldAtZero, newAtOne, oldAtOne, atTwo].map((p) => p.title);

      expect(await titlesIn(org.id)).toEqual(expected);
      const staff = await gql<{ publications: Page }>(editor, STAFF_LIST, { first: 100 });
      expect(staff.data!.publications.edges.map((edge) => edge.node.title)).toEqual(expected);

      // Moving one changes the order at once, cached feed or not.
      await gql(editor, UPDATE, { input: { id: atTwo.id, position: 0 } });
      expect(await titlesIn(org.id)).toEqual([
        'new at 0',
        'at 2',
        'old at 0',
        'new at 1',
        'old at 1',
      ]);
    });

    it('pages through more items than one page by keyset, with no duplicates or gaps, both ways', async () => {
      const org = await createOrganization('publications-pages');
      // 23 published items with shared positions and shared creation times, so
      // every part of the order (position, time, id) decides somewhere.
      const base = Date.now() - 3_600_000;
      const ids = await withSuperuser(TEST_DATABASE, async (db) => {
        const inserted: string[] = [];
        for (let index = 0; index < 23; index++) {
          const id = randomUUID();
          inserted.push(id);
          await db.query(
            `INSERT INTO publications (id, organization_id, kind, status, title, position, created_by,
               updated_by, created_at, updated_at, published_at)
             VALUES ($1, $2, 'POST', 'PUBLISHED', $3, $4, 'aaaaaaaaaaaaaaaaaaaaaaaa',
               'aaaaaaaaaaaaaaaaaaaaaaaa', $5, now(), now())`,
            [id, org.id, `item ${index}`, index % 3, new Date(base + Math.floor(index / 4) * 1000)],
          );
        }
        // One draft among them, which no page may show.
        await db.query(
          `INSERT INTO publications (id, organization_id, kind, title, created_by, updated_by, updated_at)
           VALUES (gen_random_uuid(), $1, 'POST', 'hidden draft', 'aaaaaaaaaaaaaaaaaaaaaaaa',
             'aaaaaaaaaaaaaaaaaaaaaaaa', now())`,
          [org.id],
        );
        return inserted;
      });
      const order = (
        await withSuperuser(TEST_DATABASE, (db) =>
          db.query(
            `SELECT id FROM publications WHERE organization_id = $1 AND status = 'PUBLISHED'
             ORDER BY position ASC, created_at DESC, id DESC`,
            [org.id],
          ),
        )
      ).rows.map((r) => r.id as string);
      expect([...order].sort()).toEqual([...ids].sort());

      const forward: string[] = [];
      let after: string | undefined;
      let pages = 0;
      for (;;) {
        const page = await feed(
          { organizationId: org.id },
          { first: 5, ...(after ? { after } : {}) },
        );
        pages++;
        forward.push(...page.edges.map((edge) => edge.node.id));
        expect(page.pageInfo.hasPreviousPage).toBe(after !== undefined);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor!;
      }
      expect(pages).toBe(5);
      expect(forward).toEqual(order);

      const backward: string[] = [];
      let before: string | undefined;
      for (;;) {
        const page = await feed(
          { organizationId: org.id },
          { last: 5, ...(before ? { before } : {}) },
        );
        backward.unshift(...page.edges.map((edge) => edge.node.id));
        if (!page.pageInfo.hasPreviousPage) break;
        before = page.pageInfo.startCursor!;
      }
      expect(backward).toEqual(order);

      // A cursor of another ordering is refused, not misread; so is garbage.
      const otherOrdering = Buffer.from(
        JSON.stringify(['CREATED_AT', new Date().toISOString(), randomUUID()]),
      ).toString('base64url');
      const misread = await gql(null, FEED, {
        filter: { organizationId: org.id },
        after: otherOrdering,
      });
      expect(misread.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const forged = await gql(null, FEED, { filter: {}, after: 'bm90LWEtY3Vyc29y' });
      expect(forged.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('filters by kind and shows nothing of a draft to anyone, through publish and unpublish', async () => {
      const org = await createOrganization('publications-drafts');
      const editor = await staffMember(org.id, 'moderator');
      const video = await published(
        { kind: 'VIDEO', title: 'Sermon', videoUrl: 'https://video.example.test/v/2' },
        editor,
      );
      const draft = await create({ title: 'Secret draft' }, editor);
      expect(await titlesIn(org.id)).toEqual(['Sermon']);
      expect(
        (await feed({ organizationId: org.id, kind: 'VIDEO' })).edges.map((e) => e.node.id),
      ).toEqual([video.id]);
      expect((await feed({ organizationId: org.id, kind: 'POST' })).edges).toEqual([]);
      // Not in the feed of every organization either.
      expect(JSON.stringify(await feed({}))).not.toContain(draft.id);

      await run('publishPublication', draft.id, editor);
      expect(await titlesIn(org.id)).toEqual(['Secret draft', 'Sermon']);
      await run('unpublishPublication', draft.id, editor);
      expect(await titlesIn(org.id)).toEqual(['Sermon']);
    });

    it('hides items before their publishAt and after their unpublishAt', async () => {
      const org = await createOrganization('publications-window');
      const editor = await staffMember(org.id, 'moderator');
      await published({ title: 'now' }, editor);
      await published({ title: 'tomorrow', publishAt: seconds(86_400) }, editor);
      await published(
        { title: 'this hour', publishAt: seconds(-60), unpublishAt: seconds(3600) },
        editor,
      );
      const over = await published({ title: 'over', unpublishAt: seconds(3600) }, editor);
      // Its window closed an hour ago (the clock moved, as far as the row knows).
      await withSuperuser(TEST_DATABASE, (db) =>
        db.query(
          "UPDATE publications SET publish_at = now() - interval '2 hours', unpublish_at = now() - interval '1 hour' WHERE id = $1",
          [over.id],
        ),
      );
      expect((await titlesIn(org.id)).sort()).toEqual(['now', 'this hour']);
    });

    it('shows edits, moves and deletions at once while the feed is cached', async () => {
      const org = await createOrganization('publications-edits');
      const editor = await staffMember(org.id, 'moderator');
      const item = await published({ title: 'Welcome' }, editor);
      expect(await titlesIn(org.id)).toEqual(['Welcome']);
      expect(await redis.hlen(FEED_CACHE_KEY)).toBeGreaterThan(1);

      await gql(editor, UPDATE, { input: { id: item.id, title: 'Welcome back' } });
      expect(await titlesIn(org.id)).toEqual(['Welcome back']);

      await gql(editor, UPDATE, { input: { id: item.id, publishAt: seconds(86_400) } });
      expect(await titlesIn(org.id)).toEqual([]);
      await gql(editor, UPDATE, { input: { id: item.id, publishAt: null } });
      expect(await titlesIn(org.id)).toEqual(['Welcome back']);
      await gql(editor, UPDATE, { input: { id: item.id, unpublishAt: seconds(-1) } });
      expect(await titlesIn(org.id)).toEqual([]);
      await gql(editor, UPDATE, { input: { id: item.id, unpublishAt: null } });
      expect(await titlesIn(org.id)).toEqual(['Welcome back']);

      const second = await published({ title: 'Second', position: 5 }, editor);
      expect(await titlesIn(org.id)).toEqual(['Welcome back', 'Second']);
      await run('deletePublication', item.id, editor);
      expect(await titlesIn(org.id)).toEqual(['Second']);
      await run('unpublishPublication', second.id, editor);
      expect(await titlesIn(org.id)).toEqual([]);
    });

    it('shows a scheduled item once its window opens, though the feed was cached before', async () => {
      const org = await createOrganization('publications-opens');
      const editor = await staffMember(org.id, 'moderator');
      const standing = await published({ title: 'standing' }, editor);
      const scheduled = await published(
        { title: 'scheduled', publishAt: seconds(2), position: 1 },
        editor,
      );
      expect(await titlesIn(org.id)).toEqual(['standing']);
      // The cache answers (a change behind its back does not show) ...
      await retitleBehindTheCache(standing.id, 'standing (renamed)');
      expect(await titlesIn(org.id)).toEqual(['standing']);
      // ... until the window opens: then the feed is read again.
      const opened = await eventually(
        () => titlesIn(org.id),
        (titles) => titles.includes('scheduled'),
        10_000,
      );
      expect(Date.now()).toBeGreaterThanOrEqual(new Date(scheduled.publishAt!).getTime());
      expect(opened).toEqual(['standing (renamed)', 'scheduled']);
    });

    it('drops an item once its window closes, though the feed was cached before', async () => {
      const org = await createOrganization('publications-closes');
      const editor = await staffMember(org.id, 'moderator');
      await published({ title: 'standing' }, editor);
      const leaving = await published(
        { title: 'leaving', unpublishAt: seconds(2), position: 1 },
        editor,
      );
      expect(await titlesIn(org.id)).toEqual(['standing', 'leaving']);
      await retitleBehindTheCache(leaving.id, 'leaving (renamed)');
      expect(await titlesIn(org.id)).toEqual(['standing', 'leaving']);
      const closed = await eventually(
        () => titlesIn(org.id),
        (titles) => !titles.some((title) => title.startsWith('leaving')),
        10_000,
      );
      expect(Date.now()).toBeGreaterThanOrEqual(new Date(leaving.unpublishAt!).getTime());
      expect(closed).toEqual(['standing']);
    });
  });

  it('writes publication.published to the outbox with the publish, and nothing before it', async () => {
    const outbox = (id: string) =>
      withSuperuser(
        TEST_DATABASE,
        async (db) =>
          (
            await db.query(
              `SELECT organization_id, type, payload FROM outbox_events
             WHERE type = 'publication.published' AND payload->>'publicationId' = $1`,
              [id],
            )
          ).rows,
      );
    const soon = seconds(3600);
    const draft = await create({ kind: 'BANNER', title: 'Festival', ...IMAGE, publishAt: soon });
    expect(await outbox(draft.id)).toEqual([]);

    await run('publishPublication', draft.id);
    expect(await outbox(draft.id)).toEqual([
      {
        organization_id: organization.id,
        type: 'publication.published',
        payload: {
          publicationId: draft.id,
          kind: 'BANNER',
          title: 'Festival',
          organizationName: organization.name,
          publishAt: new Date(soon).toISOString(),
        },
      },
    ]);

    // A refused publish writes none.
    await gql(moderator, byId('publishPublication'), { input: { id: draft.id } });
    expect(await outbox(draft.id)).toHaveLength(1);

    // Published with no schedule: readers see it from the publish on.
    const now = await published({ title: 'Right away' });
    const [event] = await outbox(now.id);
    expect(event.payload.publishAt).toBe(now.publishedAt);
  });
});
