function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** The OpenAPI document with every object's keys sorted, so changes show clearly in review. */
export function sortedOpenApiJson(document: object): string {
  return `${JSON.stringify(sortKeys(document), null, 2)}\n`;
}
