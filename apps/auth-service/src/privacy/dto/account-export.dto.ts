import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AUDIT_EVENT_TYPES, type AuditEventType } from '../../audit/audit-event.schema.js';
import { ORGANIZATION_ROLES, type OrganizationRole } from '../../memberships/roles.js';
import {
  LOCALES,
  PLATFORM_ROLES,
  type Locale,
  type PlatformRole,
} from '../../users/user.schema.js';

export class ExportedAccountDto {
  @ApiProperty({ example: '6650f1c2a9d3b84e2c1f0a77' })
  id!: string;

  @ApiProperty({ example: 'ada@example.com' })
  email!: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  name!: string;

  @ApiProperty()
  emailVerified!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  emailVerifiedAt!: Date | null;

  @ApiProperty({ enum: PLATFORM_ROLES, nullable: true })
  platformRole!: PlatformRole | null;

  @ApiProperty({ enum: LOCALES })
  locale!: Locale;

  @ApiProperty({ description: 'A password is set (its hash is never exported)' })
  hasPassword!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  passwordChangedAt!: Date | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: Date;
}

export class ExportedSessionDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ description: 'User agent the session signed in with' })
  device!: string;

  @ApiProperty()
  ip!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  organizationId!: string | null;

  @ApiProperty({ enum: ['aal1', 'aal2'] })
  assurance!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  lastUsedAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  expiresAt!: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  endedAt!: Date | null;

  @ApiProperty()
  active!: boolean;
}

export class ExportedSecondFactorDto {
  @ApiProperty({ enum: ['totp', 'recovery_codes'] })
  kind!: 'totp' | 'recovery_codes';

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  confirmedAt!: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastUsedAt!: Date | null;

  @ApiPropertyOptional({ description: 'Recovery codes issued (their hashes are never exported)' })
  total?: number;

  @ApiPropertyOptional({ description: 'Recovery codes not yet used' })
  unused?: number;
}

export class ExportedMembershipDto {
  @ApiProperty({ format: 'uuid' })
  organizationId!: string;

  @ApiProperty({ enum: ORGANIZATION_ROLES })
  role!: OrganizationRole;

  @ApiProperty({ type: String, format: 'date-time' })
  since!: Date;
}

export class ExportedInvitationDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ format: 'uuid' })
  organizationId!: string;

  @ApiProperty({ enum: ORGANIZATION_ROLES })
  role!: OrganizationRole;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  expiresAt!: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  acceptedAt!: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt!: Date | null;
}

export class ExportedAuditEventDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ enum: AUDIT_EVENT_TYPES })
  type!: AuditEventType;

  @ApiProperty({ type: String, nullable: true })
  organizationId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  actor!: string | null;

  @ApiProperty({ type: String, nullable: true })
  ip!: string | null;

  @ApiProperty({ type: String, nullable: true })
  userAgent!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  data!: Record<string, unknown>;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;
}

export class AccountExportDto {
  @ApiProperty({ type: String, format: 'date-time' })
  exportedAt!: Date;

  @ApiProperty({ type: ExportedAccountDto })
  account!: ExportedAccountDto;

  @ApiProperty({ type: [ExportedSessionDto] })
  sessions!: ExportedSessionDto[];

  @ApiProperty({ type: [ExportedSecondFactorDto] })
  secondFactors!: ExportedSecondFactorDto[];

  @ApiProperty({ type: [ExportedMembershipDto] })
  memberships!: ExportedMembershipDto[];

  @ApiProperty({ type: [ExportedInvitationDto], description: 'Invitations sent to your email' })
  invitations!: ExportedInvitationDto[];

  @ApiProperty({
    type: [ExportedAuditEventDto],
    description: 'Security events about you, newest first (at most 5000)',
  })
  auditEvents!: ExportedAuditEventDto[];

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'What the Management API holds: generatedAt and one list per section (memberProfiles, ' +
      'orders with items, tickets, payments and refunds, tickets, donations, monthlyGifts, ' +
      'waitlistEntries, notifications, notificationPreferences); amounts in minor units',
  })
  management!: Record<string, unknown>;
}
