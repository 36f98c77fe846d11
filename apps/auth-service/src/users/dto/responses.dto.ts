import { ApiProperty } from '@nestjs/swagger';
import { AccountDto } from '../../memberships/dto/membership.dto.js';
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

/** The caller's account with their memberships. */
export class MeDto extends AccountDto {
  @ApiProperty({ type: [MembershipDto] })
  memberships!: MembershipDto[];
}
