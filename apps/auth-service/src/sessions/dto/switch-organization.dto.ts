import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class SwitchOrganizationDto {
  @ApiProperty({ example: '01936b1e-7c4e-7d2a-9b8e-2f4c6a8d0e1f' })
  @IsString()
  @Length(1, 64)
  organizationId!: string;
}
