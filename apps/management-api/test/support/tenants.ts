import { randomUUID } from 'node:crypto';
import { TEST_DATABASE, withSuperuser } from './test-env.js';

export interface TestOrganization {
  id: string;
  name: string;
  slug: string;
}

/** A fresh organization row, made directly as test data. */
export async function createOrganization(label = 'org'): Promise<TestOrganization> {
  const id = randomUUID();
  const slug = `${label}-${id.slice(0, 8)}`;
  const name = `Organization ${slug}`;
  await withSuperuser(TEST_DATABASE, (db) =>
    db.query('INSERT INTO organizations (id, name, slug, updated_at) VALUES ($1, $2, $3, now())', [
      id,
      name,
      slug,
    ]),
  );
  return { id, name, slug };
}

export interface ProfileRow {
  id: string;
  userId: string;
  email: string;
  name: string;
  role: 'ADMIN' | 'MODERATOR' | 'USER';
  emailVerified: boolean;
  createdAt: Date;
}

const hex24 = () => randomUUID().replaceAll('-', '').slice(0, 24);

/** Member profiles written directly as test data (what the projection would hold). */
export async function insertProfiles(
  organizationId: string,
  rows: Partial<ProfileRow>[],
): Promise<ProfileRow[]> {
  const complete = rows.map((row, index) => ({
    id: row.id ?? randomUUID(),
    userId: row.userId ?? hex24(),
    email: row.email ?? `member${index}-${randomUUID().slice(0, 6)}@example.test`,
    name: row.name ?? `Member ${String(index).padStart(3, '0')}`,
    role: row.role ?? 'USER',
    emailVerified: row.emailVerified ?? true,
    createdAt: row.createdAt ?? new Date(Date.UTC(2026, 0, 1) + index * 60_000),
  }));
  await withSuperuser(TEST_DATABASE, async (db) => {
    for (const row of complete) {
      await db.query(
        `INSERT INTO member_profiles (id, organization_id, user_id, email, name, role, email_verified, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())`,
        [
          row.id,
          organizationId,
          row.userId,
          row.email,
          row.name,
          row.role,
          row.emailVerified,
          row.createdAt,
        ],
      );
    }
  });
  return complete;
}

export async function profilesOf(organizationId: string): Promise<unknown[]> {
  return withSuperuser(TEST_DATABASE, async (db) => {
    const result = await db.query(
      'SELECT user_id, email, name, role, email_verified FROM member_profiles WHERE organization_id = $1 ORDER BY user_id',
      [organizationId],
    );
    return result.rows;
  });
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Every member profile of an organization, as stored, for use as the expected answer. */
export async function storedProfiles(organizationId: string): Promise<ProfileRow[]> {
  return withSuperuser(TEST_DATABASE, async (db) => {
    const result = await db.query(
      `SELECT id, user_id AS "userId", email, name, role, email_verified AS "emailVerified", created_at AS "createdAt"
       FROM member_profiles WHERE organization_id = $1`,
      [organizationId],
    );
    return result.rows as ProfileRow[];
  });
}

/** Waits until the domain events have put these accounts into the organization's projection. */
export async function waitForProfiles(organizationId: string, userIds: string[]): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const present = new Set((await storedProfiles(organizationId)).map((row) => row.userId));
    if (userIds.every((id) => present.has(id))) return;
    if (Date.now() > deadline) throw new Error(`profiles ${userIds.join(', ')} never appeared`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
