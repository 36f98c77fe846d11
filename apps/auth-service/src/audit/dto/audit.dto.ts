import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsMongoId, IsOptional, Max, Min } from 'class-validator';
import { AUDIT_EVENT_TYPES, type AuditEventType } from '../audit-event.schema.js';

export class AuditQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsMongoId()
  cursor?: string;

  @ApiPropertyOptional({ enum: AUDIT_EVENT_TYPES })
  @IsOptional()
  @IsIn(AUDIT_EVENT_TYPES)
  type?: AuditEventType;

  @ApiPropertyOptional({ description: 'Only events about this account' })
  @IsOptional()
  @IsMongoId()
  userId?: string;
}

export class AuditEventDto {
  @ApiProperty({ example: '665f1c2b9a1e4b001234567b' })
  id!: string;

  @ApiProperty({ enum: AUDIT_EVENT_TYPES, example: 'login.failed' })
  type!: AuditEventType;

  @ApiProperty({ nullable: true, type: String, example: '665f1c2b9a1e4b0012345678' })
  userId!: string | null;

  @ApiProperty({ nullable: true, type: String, example: null })
  organizationId!: string | null;

  @ApiProperty({ nullable: true, type: String, example: null })
  actor!: string | null;

  @ApiProperty({ nullable: true, type: String, example: '203.0.113.7' })
  ip!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'Mozilla/5.0' })
  userAgent!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { reason: 'invalid_credentials' },
  })
  data!: Record<string, unknown>;

  @ApiProperty({ example: '2026-11-28T01:30:00.000Z' })
  createdAt!: Date;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEventDto] })
  items!: AuditEventDto[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page' })
  nextCursor!: string | null;
}
