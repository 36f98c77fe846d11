import { applyDecorators } from '@nestjs/common';
import { IsUUID, Matches } from 'class-validator';

export const OBJECT_ID_PATTERN = /^[0-9a-f]{24}$/;

/** An account id: a MongoDB ObjectId as 24 lower-case hex characters. */
export const IsObjectId = () =>
  applyDecorators(Matches(OBJECT_ID_PATTERN, { message: '$property must be an account id' }));

/** A Management API id (UUID). */
export const IsEntityId = () =>
  applyDecorators(IsUUID('all', { message: '$property must be a UUID' }));
