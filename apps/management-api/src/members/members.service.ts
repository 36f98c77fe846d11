import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { OrderDirection, Role } from '../common/graphql-enums.js';
import { cursorDate } from '../common/pagination/cursor.js';
import type { KeysetOrdering } from '../common/pagination/keyset.js';
import type { MemberProfile, MemberRole } from '../generated/prisma/client.js';
import type { TenantScope } from '../tenancy/tenant-scope.js';
import { type UsersArgs, UserOrderField } from './dto/users.args.js';
import { MembersRepository } from './members.repository.js';
import type { UserConnectionModel } from './models/user-connection.model.js';
import type { UserModel } from './models/user.model.js';

const ORDER_FIELDS: Record<UserOrderField, 'createdAt' | 'name' | 'email'> = {
  [UserOrderField.CREATED_AT]: 'createdAt',
  [UserOrderField.NAME]: 'name',
  [UserOrderField.EMAIL]: 'email',
};

function ordering(args: UsersArgs): KeysetOrdering<MemberProfile> {
  const name = args.orderBy?.field ?? UserOrderField.CREATED_AT;
  const field = ORDER_FIELDS[name];
  const direction =
    (args.orderBy?.direction ?? OrderDirection.DESC) === OrderDirection.ASC ? 'asc' : 'desc';
  const isDate = field === 'createdAt';
  return {
    name,
    field,
    direction,
    valueOf: (row) => (isDate ? row.createdAt.toISOString() : row[field]),
    parse: (value) => (isDate ? cursorDate(value) : value),
  };
}

function memberRole(role: Role | undefined): MemberRole | undefined {
  if (role === undefined) return undefined;
  if (role === Role.SUPER_ADMIN) {
    throw new AppError('BAD_USER_INPUT', 'SUPER_ADMIN is a platform role, not a member role');
  }
  return role;
}

export function toUser(profile: MemberProfile): UserModel {
  return {
    id: profile.userId,
    email: profile.email,
    name: profile.name,
    role: profile.role as Role,
    emailVerified: profile.emailVerified,
    createdAt: profile.createdAt,
  };
}

@Injectable()
export class MembersService {
  constructor(private readonly members: MembersRepository) {}

  async listUsers(scope: TenantScope, args: UsersArgs): Promise<UserConnectionModel> {
    const filter = {
      search: args.filter?.search?.trim() || undefined,
      role: memberRole(args.filter?.role),
      emailVerified: args.filter?.emailVerified,
    };
    const page = await this.members.page(scope, filter, ordering(args), args);
    return {
      edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: toUser(edge.node) })),
      pageInfo: page.pageInfo,
      countTotal: () => this.members.count(scope, filter),
    };
  }
}
