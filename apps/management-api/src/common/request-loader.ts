import { requestContext } from '@trivance/shared';
import DataLoader from 'dataloader';

/**
 * A DataLoader made once per request: lookups of one kind made while
 * resolving a request are batched into one query (no N+1), and dropped with
 * the request, so nothing is shared between callers.
 */
export function requestLoader<K, V>(
  key: symbol,
  batch: (keys: readonly K[]) => Promise<(V | Error)[]>,
): DataLoader<K, V> {
  return requestContext.memo(key, () => new DataLoader<K, V>(batch));
}

/** Results in the order of the keys, grouped (for one-to-many lookups). */
export function groupedBy<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const groups = new Map<K, V[]>();
  for (const row of rows) {
    const group = groups.get(keyOf(row));
    if (group) group.push(row);
    else groups.set(keyOf(row), [row]);
  }
  return keys.map((key) => groups.get(key) ?? []);
}

/** Results in the order of the keys (for one-to-one lookups); missing ones are `missing()`. */
export function orderedBy<K, V>(
  keys: readonly K[],
  rows: V[],
  keyOf: (row: V) => K,
  missing: () => V | Error,
): (V | Error)[] {
  const byKey = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => byKey.get(key) ?? missing());
}
