import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class ServiceTokenRequestDto {
  @ApiProperty({ example: 'management-api' })
  @IsString()
  @Length(1, 64)
  clientId!: string;

  @ApiProperty({ example: 'dev-management-api-client-secret' })
  @IsString()
  @Length(1, 512)
  clientSecret!: string;
}

export class ServiceTokenDto {
  @ApiProperty({ description: 'EdDSA JWT with audience auth-internal, 5 minutes' })
  accessToken!: string;

  @ApiProperty({ example: 'Bearer', enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty({ example: 300 })
  expiresIn!: number;
}
