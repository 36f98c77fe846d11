import { Injectable } from '@nestjs/common';
import { AppError, type Principal } from '@trivance/shared';
import { AuthClient, type AuthInvitation } from '../auth-client/auth-client.js';
import { Role } from '../common/graphql-enums.js';
import type { ConnectionArgs } from '../common/pagination/connection.args.js';
import { DEFAULT_PAGE_SIZE } from '../common/pagination/connection.args.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { decodeInvitationCursor, encodeInvitationCursor } from './invitation-cursor.js';
import type { InvitationConnectionModel } from './models/invitation-connection.model.js';
import type { InvitationModel } from './models/invitation.model.js';

function toInvitation(invitation: AuthInvitation): InvitationModel {
  return {
    id: invitation.id,
    email: invitation.email,
    role: invitation.role.toUpperCase() as Role,
    expiresAt: new Date(invitation.expiresAt),
  };
}

/**
 * The organization's pending invitations, which the Auth Service holds: read
 * and withdrawn through its internal API, always for the token's organization
 * (another organization's invitation is NOT_FOUND there).
 */
@Injectable()
export class InvitationsService {
  constructor(private readonly auth: AuthClient) {}

  async list(scope: TenantScope, args: ConnectionArgs): Promise<InvitationConnectionModel> {
    if (args.first !== undefined && args.last !== undefined) {
      throw new AppError('BAD_USER_INPUT', 'Use first/after or last/before, not both');
    }
    const backwards = args.last !== undefined || args.before !== undefined;
    const page = await this.auth.listInvitations(scope.organizationId, {
      ...(backwards
        ? {
            last: args.last ?? DEFAULT_PAGE_SIZE,
            before: args.before && decodeInvitationCursor(args.before),
          }
        : {
            first: args.first ?? DEFAULT_PAGE_SIZE,
            after: args.after && decodeInvitationCursor(args.after),
          }),
    });
    const edges = page.items.map((invitation) => ({
      cursor: encodeInvitationCursor(invitation.id),
      node: toInvitation(invitation),
    }));
    return {
      edges,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: page.hasPreviousPage,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }

  async revoke(scope: TenantScope, id: string, actor: Principal): Promise<InvitationModel> {
    return toInvitation(await this.auth.revokeInvitation(scope.organizationId, id, actor.userId));
  }
}
