import { ApiProperty } from '@nestjs/swagger';

export class SessionDto {
  @ApiProperty({ example: '665f1c2b9a1e4b0012345679' })
  id!: string;

  @ApiProperty({
    description: 'User agent of the device',
    example: 'Trivance/2.3 (iPhone; iOS 19)',
  })
  device!: string;

  @ApiProperty({ example: '203.0.113.7' })
  ip!: string;

  @ApiProperty({ nullable: true, type: String, example: null })
  organizationId!: string | null;

  @ApiProperty({ example: '2026-11-28T01:30:00.000Z' })
  createdAt!: Date;

  @ApiProperty({ example: '2026-11-28T01:45:00.000Z' })
  lastUsedAt!: Date;

  @ApiProperty({
    description: 'When the session ends unless used again',
    example: '2026-12-28T01:45:00.000Z',
  })
  expiresAt!: Date;

  @ApiProperty({ description: 'The session of the calling token', example: true })
  current!: boolean;
}
