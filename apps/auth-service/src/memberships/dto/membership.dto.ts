import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsMongoId, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { ORGANIZATION_ROLES, type OrganizationRole } from '../roles.js';
import { RoleField, UserIdField } from '../../common/validators.js';

export class SetMembershipDto {
  @RoleField()
  role!: OrganizationRole;
}

export class MembershipResponseDto {
  @ApiProperty({ example: '665f1c2b9a1e4b0012345678' })
  userId!: string;

  @ApiProperty({ example: '01936b1e-7c4e-7d2a-9b8e-2f4c6a8d0e1f' })
  organizationId!: string;

  @ApiProperty({ enum: ORGANIZATION_ROLES, example: 'moderator' })
  role!: OrganizationRole;

  @ApiProperty({ example: '2026-11-28T01:30:00.000Z' })
  createdAt!: Date;

  @ApiProperty({ example: '2026-11-28T01:30:00.000Z' })
  updatedAt!: Date;
}

export class AccountDto {
  @ApiProperty({ example: '665f1c2b9a1e4b0012345678' })
  id!: string;

  @ApiProperty({ example: 'ada@example.com' })
  email!: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  name!: string;

  @ApiProperty({ example: true })
  emailVerified!: boolean;

  @ApiProperty({ enum: ['super_admin'], nullable: true, type: String, example: null })
  platformRole!: 'super_admin' | null;

  @ApiProperty({ enum: ['es', 'en'], example: 'es', description: 'Language; Spanish by default' })
  locale!: 'es' | 'en';

  @ApiProperty({ example: false, description: 'An authenticator app guards sign-in' })
  mfaEnabled!: boolean;

  @ApiProperty({ example: false, description: 'A super admin disabled the account' })
  disabled!: boolean;

  @ApiProperty({ example: '2026-11-28T01:30:00.000Z' })
  createdAt!: Date;
}

export class EndSessionsQueryDto {
  @ApiPropertyOptional({ description: 'The staff member who ended them (for the audit log)' })
  @IsOptional()
  @UserIdField()
  endedByUserId?: string;
}

export class EndedSessionsDto {
  @ApiProperty({ example: 2, description: 'How many sessions ended' })
  revoked!: number;
}

export class MemberPageQueryDto {
  @ApiPropertyOptional({
    example: '665f1c2b9a1e4b0012345678',
    description: 'The last userId of the previous page',
  })
  @IsOptional()
  @IsMongoId({ message: 'after must be an account id' })
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class MemberWithAccountDto extends MembershipResponseDto {
  @ApiProperty({ example: 'ada@example.com' })
  email!: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  name!: string;

  @ApiProperty({ example: true })
  emailVerified!: boolean;
}

export class MemberPageDto {
  @ApiProperty({ type: [MemberWithAccountDto] })
  items!: MemberWithAccountDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'Pass as `after` for the next page; null on the last one',
  })
  nextCursor!: string | null;
}

export class AccountByEmailQueryDto {
  @ApiProperty({ example: 'ada@example.com', format: 'email', maxLength: 254 })
  @IsEmail()
  @MaxLength(254)
  email!: string;
}
