import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotateSigningKey, staffMember } from './support/auth-service.js';
import { type RunningApp, startApp } from './support/running-app.js';
import { bearer, createOrganization } from './support/tenants.js';

const kidOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;

describe('signing key rotation while tokens are live', () => {
  let api: RunningApp;
  beforeAll(async () => {
    api = await startApp();
  });
  afterAll(() => api.close());

  it('accepts tokens signed before and after the Auth Service rotates its key', async () => {
    const organization = await createOrganization('rotation');
    const before = await staffMember(organization.id, 'admin');
    const query = '{ organization { id } }';
    expect((await api.graphql(query, {}, bearer(before.accessToken))).body.errors).toBeUndefined();

    await rotateSigningKey();
    // The new key is published at once and signs after the activation delay (2 s here);
    // waiting past the verifier's 5 s unknown-kid cooldown lets it refetch on first sight.
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    const after = await staffMember(organization.id, 'admin');
    expect(kidOf(after.accessToken)).not.toBe(kidOf(before.accessToken));

    // The Management API has never seen the new kid: it refetches the JWKS and accepts it.
    const fresh = await api.graphql(query, {}, bearer(after.accessToken));
    expect(fresh.body.errors).toBeUndefined();
    // Tokens signed with the retired key stay valid until they expire.
    const live = await api.graphql(query, {}, bearer(before.accessToken));
    expect(live.body.errors).toBeUndefined();
  });
});
