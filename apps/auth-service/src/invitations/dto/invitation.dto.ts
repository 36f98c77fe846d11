import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsMongoId, IsOptional, Max, Min } from 'class-validator';
import { EmailField, NameField, OpaqueTokenField, PasswordField } from '../../common/dto-fields.js';
import { OrganizationIdField, RoleField, UserIdField } from '../../common/validators.js';
import { ORGANIZATION_ROLES, type OrganizationRole } from '../../memberships/roles.js';

export class CreateInvitationDto {
  @OrganizationIdField()
  organizationId!: string;

  @EmailField()
  email!: string;

  @RoleField()
  role!: OrganizationRole;

  @ApiPropertyOptional({
    description: 'The staff member who sent the invitation (for the audit log)',
  })
  @IsOptional()
  @UserIdField()
  invitedByUserId?: string;
}

export class InvitationDto {
  @ApiProperty({ example: '665f1c2b9a1e4b001234567a' })
  id!: string;

  @ApiProperty({ example: '01936b1e-7c4e-7d2a-9b8e-2f4c6a8d0e1f' })
  organizationId!: string;

  @ApiProperty({ example: 'grace@example.com' })
  email!: string;

  @ApiProperty({ enum: ORGANIZATION_ROLES, example: 'moderator' })
  role!: OrganizationRole;

  @ApiProperty({ example: '2026-11-28T01:30:00.000Z' })
  createdAt!: Date;

  @ApiProperty({ example: '2026-12-05T01:30:00.000Z' })
  expiresAt!: Date;

  @ApiProperty({
    nullable: true,
    type: Date,
    example: null,
    description: 'When it was withdrawn; the link no longer works',
  })
  revokedAt!: Date | null;
}

export class InvitationPageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, description: 'Newest first, this many' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  first?: number;

  @ApiPropertyOptional({ description: 'An invitation id: the ones older than it' })
  @IsOptional()
  @IsMongoId()
  after?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 100,
    description: 'The last this many before `before`',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  last?: number;

  @ApiPropertyOptional({ description: 'An invitation id: the ones newer than it' })
  @IsOptional()
  @IsMongoId()
  before?: string;
}

export class InvitationPageDto {
  @ApiProperty({ type: [InvitationDto] })
  items!: InvitationDto[];

  @ApiProperty()
  hasNextPage!: boolean;

  @ApiProperty()
  hasPreviousPage!: boolean;
}

export class RevokeInvitationQueryDto {
  @ApiPropertyOptional({ description: 'The staff member who withdrew it (for the audit log)' })
  @IsOptional()
  @UserIdField()
  revokedByUserId?: string;
}

export class AcceptInvitationDto {
  @OpaqueTokenField('The token from the invitation email')
  token!: string;

  @IsOptional()
  @NameField(false)
  name?: string;

  @IsOptional()
  @PasswordField(
    'Required: for a new account (its password, 8 to 128 characters) and for an existing ' +
      "account (that account's current password)",
    false,
  )
  password?: string;
}
