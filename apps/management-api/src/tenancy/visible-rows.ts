import { requestContext } from '@trivance/shared';

/**
 * Rows of listed models as the caller may see them: their own
 * organization's first (all of them, drafts and hidden ones included), then
 * what is public for the keys still missing.
 */
export async function ownThenPublic<K, R>(
  keys: readonly K[],
  keyOf: (row: R) => K,
  own: (keys: K[]) => Promise<R[]>,
  published: (keys: K[]) => Promise<R[]>,
): Promise<R[]> {
  const mine = requestContext.current()?.principal?.organizationId ? await own([...keys]) : [];
  const found = new Set(mine.map(keyOf));
  const missing = keys.filter((key) => !found.has(key));
  return missing.length ? [...mine, ...(await published(missing))] : mine;
}
