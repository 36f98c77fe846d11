import { applyDecorators } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { Types } from 'mongoose';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsMongoId, IsString, Matches } from 'class-validator';
import { ORGANIZATION_ROLES } from '../memberships/roles.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Organization ids are Management's UUIDs (v7). */
export const OrganizationIdField = () =>
  applyDecorators(
    ApiProperty({ example: '01936b1e-7c4e-7d2a-9b8e-2f4c6a8d0e1f', format: 'uuid' }),
    IsString(),
    Matches(UUID, { message: 'organizationId must be a UUID' }),
  );

export const UserIdField = () =>
  applyDecorators(
    ApiProperty({ example: '665f1c2b9a1e4b0012345678', description: 'Account id (ObjectId hex)' }),
    IsMongoId({ message: 'userId must be an account id' }),
  );

export const RoleField = () =>
  applyDecorators(
    ApiProperty({ enum: ORGANIZATION_ROLES, example: 'moderator' }),
    IsIn(ORGANIZATION_ROLES),
  );

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * Checks ids taken from the path: organization ids are UUIDs, account and
 * other record ids are ObjectIds. Refused with VALIDATION_FAILED, naming each.
 */
export function requireIds(ids: {
  organizationId?: string;
  userId?: string;
  invitationId?: string;
}): void {
  const errors: Record<string, string[]> = {};
  if (ids.organizationId !== undefined && !isUuid(ids.organizationId)) {
    errors.organizationId = ['organizationId must be a UUID'];
  }
  for (const field of ['userId', 'invitationId'] as const) {
    const value = ids[field];
    if (value !== undefined && !(/^[0-9a-f]{24}$/.test(value) && Types.ObjectId.isValid(value))) {
      errors[field] = [`${field} must be an id`];
    }
  }
  if (Object.keys(errors).length > 0) {
    throw new AppError('VALIDATION_FAILED', 'The request has invalid fields', { errors });
  }
}
