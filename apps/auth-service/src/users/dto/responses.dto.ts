import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ORGANIZATION_ROLES } from '../../memberships/roles.js';

export class AcceptedDto {
  @ApiProperty({ example: 'If the address can be used, we have sent an email with the next step.' })
  message!: string;
}

export class VerifiedDto {
  @ApiProperty({ example: true })
  verified!: true;
}

export class MembershipDto {
  @ApiProperty({ example: '01936b1e-7c4e-7d2a-9b8e-2f4c6a8d0e1f' })
  organizationId!: string;

  @ApiProperty({ enum: ORGANIZATION_ROLES, example: 'admin' })
  role!: string;
}

export class MeDto {
  @ApiProperty({ example: '665f1c2b9a1e4b0012345678' })
  id!: string;

  @ApiProperty({ example: 'ada@example.com' })
  email!: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  name!: string;

  @ApiProperty({ example: true })
  emailVerified!: boolean;

  @ApiPropertyOptional({ enum: ['super_admin'], nullable: true, example: null })
  platformRole!: 'super_admin' | null;

  @ApiProperty({ type: [MembershipDto] })
  memberships!: MembershipDto[];

  @ApiProperty({ example: '2026-11-28T01:30:00.000Z' })
  createdAt!: string;
}
