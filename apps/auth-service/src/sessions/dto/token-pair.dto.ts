import { ApiProperty } from '@nestjs/swagger';

export class TokenPairDto {
  @ApiProperty({
    description: 'EdDSA JWT, 15 minutes',
    example: 'eyJhbGciOiJFZERTQSIsImtpZCI6Ii4uLiJ9...',
  })
  accessToken!: string;

  @ApiProperty({
    description: 'Opaque, 256 bits, single use (rotated on refresh)',
    example: 'Yx3...',
  })
  refreshToken!: string;

  @ApiProperty({ example: 'Bearer', enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty({ description: 'Access token lifetime in seconds', example: 900 })
  expiresIn!: number;
}
