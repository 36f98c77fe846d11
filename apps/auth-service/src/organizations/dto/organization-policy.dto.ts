import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { UserIdField } from '../../common/validators.js';

export class OrganizationPolicyDto {
  @ApiProperty({ example: '01936b1e-7c4e-7d2a-9b8e-2f4c6a8d0e1f' })
  organizationId!: string;

  @ApiProperty({
    example: false,
    description:
      'Staff must sign in with a second factor: their tokens carry org_mfa_required, and the ' +
      'Management API refuses staff work below aal2. Applies to tokens issued from now on ' +
      '(within 15 minutes, at their next refresh).',
  })
  requireMfaForStaff!: boolean;

  @ApiProperty({ nullable: true, type: Date, example: null })
  updatedAt!: Date | null;
}

export class SetOrganizationPolicyDto {
  @ApiProperty({ example: true })
  @IsBoolean()
  requireMfaForStaff!: boolean;

  @ApiPropertyOptional({ description: 'The admin who changed it (for the audit log)' })
  @IsOptional()
  @UserIdField()
  changedByUserId?: string;
}
