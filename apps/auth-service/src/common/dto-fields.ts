import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsString, Length, MaxLength } from 'class-validator';

/** An email address (normalized by the services, not here, so errors echo what was sent). */
export const EmailField = () =>
  applyDecorators(
    ApiProperty({ example: 'ada@example.com', maxLength: 254 }),
    Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)),
    IsString(),
    MaxLength(254),
    IsEmail({}, { message: 'email must be an email address' }),
  );

/** A password: strength (8 to 128 characters, not common) is checked by the password policy. */
export const PasswordField = (description = 'Password, 8 to 128 characters', required = true) =>
  applyDecorators(
    ApiProperty({
      example: 'correct horse battery staple',
      description,
      minLength: 1,
      maxLength: 1024,
      required,
    }),
    IsString(),
    IsNotEmpty(),
    MaxLength(1024),
  );

/** An opaque token received by email or from a previous response. */
export const OpaqueTokenField = (description: string) =>
  applyDecorators(
    ApiProperty({ example: 'b3Jx2Qx0eF9sZ1p1bUhxY0dRbG9QT0l6a0dZdkN0Wk4', description }),
    IsString(),
    Length(16, 512),
  );

export const NameField = (required = true) =>
  applyDecorators(
    ApiProperty({ example: 'Ada Lovelace', minLength: 1, maxLength: 100, required }),
    Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)),
    IsString(),
    Length(1, 100),
  );
