import { registerEnumType } from '@nestjs/graphql';

/** Roles as GraphQL shows them (UPPER_SNAKE); tokens carry them lower-case. */
export enum Role {
  SUPER_ADMIN = 'SUPER_ADMIN',
  ADMIN = 'ADMIN',
  MODERATOR = 'MODERATOR',
  USER = 'USER',
}
registerEnumType(Role, { name: 'Role' });

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, { name: 'OrderDirection' });
