import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
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

  @ApiProperty({ example: '2026-12-05T01:30:00.000Z' })
  expiresAt!: Date;
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
