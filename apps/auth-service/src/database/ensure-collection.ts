/**
 * Creates a collection and its indexes at boot, before the first request, so
 * a unique index is in force from the first write (on MongoDB and FerretDB
 * alike). An existing collection is fine.
 */
export async function ensureCollection(model: {
  createCollection(): Promise<unknown>;
  createIndexes(): Promise<unknown>;
}): Promise<void> {
  await model.createCollection().catch(() => undefined);
  await model.createIndexes();
}
