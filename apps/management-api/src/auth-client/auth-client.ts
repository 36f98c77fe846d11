import { Injectable } from '@nestjs/common';
import {
  circuitBreaker,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  type IPolicy,
  retry,
  timeout,
  TimeoutStrategy,
  wrap,
} from 'cockatiel';
import { AppError } from '@trivance/shared';
import { InjectConfig, type ManagementConfig } from '../config/config.module.js';
import { AuthRejection, rejectionFrom, toClientError } from './auth-client.errors.js';

export type AuthMemberRole = 'admin' | 'moderator' | 'user';

export interface AuthMembership {
  organizationId: string;
  userId: string;
  role: AuthMemberRole;
}

export interface AuthAccount {
  id: string;
  email: string;
  name: string;
  emailVerified: boolean;
  platformRole: 'super_admin' | null;
  /** The account's language (mail and clients); Spanish when absent. */
  locale?: 'es' | 'en';
}

export interface AuthMember extends AuthMembership {
  email: string;
  name: string;
  emailVerified: boolean;
}

export interface AuthMemberPage {
  items: AuthMember[];
  nextCursor: string | null;
}

export interface AuthInvitation {
  id: string;
  organizationId: string;
  email: string;
  role: AuthMemberRole;
  expiresAt: string;
}

/** A page of an organization's pending invitations, newest first. */
export interface AuthInvitationPage {
  items: (AuthInvitation & { createdAt: string; revokedAt: string | null })[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

export interface AuthOrganizationSecurity {
  organizationId: string;
  requireMfaForStaff: boolean;
  updatedAt: string | null;
}

const SERVICE_TOKEN_MARGIN_MS = 30_000;

/**
 * The Auth Service's internal REST API, called with a client-credentials
 * service token. Each call has a timeout, is retried with jittered backoff
 * when the fault is transient (network, 5xx, 429), and goes through a circuit
 * breaker; rejections (4xx) are never retried.
 */
@Injectable()
export class AuthClient {
  private serviceToken?: { value: string; expiresAt: number };
  private tokenRequest?: Promise<string>;
  private readonly policy: IPolicy;

  constructor(@InjectConfig() private readonly config: ManagementConfig) {
    const transient = handleWhen((error) => !(error instanceof AuthRejection));
    this.policy = wrap(
      circuitBreaker(transient, {
        halfOpenAfter: 10_000,
        breaker: new ConsecutiveBreaker(5),
      }),
      retry(transient, {
        maxAttempts: 2,
        backoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 1_000 }),
      }),
      timeout(3_000, TimeoutStrategy.Aggressive),
    );
  }

  inviteMember(
    input: {
      organizationId: string;
      email: string;
      role: AuthMemberRole;
      invitedByUserId?: string;
    },
    idempotencyKey: string,
  ): Promise<AuthInvitation> {
    return this.call('POST', '/internal/v1/invitations', idempotencyKey, input);
  }

  setMembership(
    organizationId: string,
    userId: string,
    role: AuthMemberRole,
    idempotencyKey: string,
  ): Promise<AuthMembership> {
    return this.call(
      'PUT',
      `/internal/v1/organizations/${organizationId}/members/${userId}`,
      idempotencyKey,
      { role },
    );
  }

  async removeMembership(organizationId: string, userId: string, idempotencyKey: string) {
    await this.call<void>(
      'DELETE',
      `/internal/v1/organizations/${organizationId}/members/${userId}`,
      idempotencyKey,
    );
  }

  /** One page of an organization's members with their accounts, in account-id order. */
  listMembers(organizationId: string, after?: string, limit = 500): Promise<AuthMemberPage> {
    const query = new URLSearchParams({ limit: String(limit), ...(after ? { after } : {}) });
    return this.call('GET', `/internal/v1/organizations/${organizationId}/members?${query}`);
  }

  /** The verified account with this email, or null when there is none (or it is not verified). */
  async verifiedAccountByEmail(email: string): Promise<AuthAccount | null> {
    try {
      return await this.call<AuthAccount>(
        'GET',
        `/internal/v1/users?${new URLSearchParams({ email })}`,
      );
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  getAccount(userId: string): Promise<AuthAccount> {
    return this.call('GET', `/internal/v1/users/${userId}`);
  }

  /** Pending invitations, newest first; `after`/`before` are invitation ids. */
  listInvitations(
    organizationId: string,
    page: { first?: number; after?: string; last?: number; before?: string },
  ): Promise<AuthInvitationPage> {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(page)) {
      if (value !== undefined) query.set(name, String(value));
    }
    return this.call('GET', `/internal/v1/organizations/${organizationId}/invitations?${query}`);
  }

  /** Withdraws a pending invitation (idempotent); NOT_FOUND when it is not pending here. */
  revokeInvitation(
    organizationId: string,
    invitationId: string,
    revokedByUserId: string,
  ): Promise<AuthInvitation> {
    const query = new URLSearchParams({ revokedByUserId });
    return this.call(
      'DELETE',
      `/internal/v1/organizations/${organizationId}/invitations/${invitationId}?${query}`,
    );
  }

  /** Ends the member's sessions in the organization (idempotent). */
  endMemberSessions(
    organizationId: string,
    userId: string,
    endedByUserId: string,
  ): Promise<{ revoked: number }> {
    const query = new URLSearchParams({ endedByUserId });
    return this.call(
      'DELETE',
      `/internal/v1/organizations/${organizationId}/members/${userId}/sessions?${query}`,
    );
  }

  getOrganizationSecurity(organizationId: string): Promise<AuthOrganizationSecurity> {
    return this.call('GET', `/internal/v1/organizations/${organizationId}/security`);
  }

  setOrganizationSecurity(
    organizationId: string,
    settings: { requireMfaForStaff: boolean },
    changedByUserId: string,
  ): Promise<AuthOrganizationSecurity> {
    return this.call('PUT', `/internal/v1/organizations/${organizationId}/security`, undefined, {
      ...settings,
      changedByUserId,
    });
  }

  private async call<T>(
    method: string,
    path: string,
    idempotencyKey?: string,
    body?: unknown,
  ): Promise<T> {
    try {
      return await this.policy.execute(async ({ signal }) => {
        const response = await fetch(new URL(path, this.config.AUTH_URL), {
          method,
          signal,
          headers: {
            authorization: `Bearer ${await this.token()}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        if (response.status === 401) this.serviceToken = undefined;
        if (response.status >= 500 || response.status === 429) {
          throw new Error(`Auth Service answered ${response.status}`);
        }
        if (!response.ok) throw await rejectionFrom(response);
        return (response.status === 204 ? undefined : await response.json()) as T;
      });
    } catch (error) {
      throw toClientError(error);
    }
  }

  private async token(): Promise<string> {
    if (this.serviceToken && this.serviceToken.expiresAt - SERVICE_TOKEN_MARGIN_MS > Date.now()) {
      return this.serviceToken.value;
    }
    this.tokenRequest ??= this.fetchServiceToken().finally(() => {
      this.tokenRequest = undefined;
    });
    return this.tokenRequest;
  }

  private async fetchServiceToken(): Promise<string> {
    const response = await fetch(new URL('/v1/auth/service-token', this.config.AUTH_URL), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        clientId: this.config.AUTH_CLIENT_ID,
        clientSecret: this.config.AUTH_CLIENT_SECRET,
      }),
      signal: AbortSignal.timeout(3_000),
    });
    if (response.status >= 500) throw new Error(`Auth Service answered ${response.status}`);
    if (!response.ok) throw await rejectionFrom(response);
    const { accessToken, expiresIn } = (await response.json()) as {
      accessToken: string;
      expiresIn: number;
    };
    this.serviceToken = { value: accessToken, expiresAt: Date.now() + expiresIn * 1000 };
    return accessToken;
  }
}
