import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { OpaqueTokenField } from '../../common/dto-fields.js';
import { MFA_METHODS, type MfaMethod } from '../second-factor.service.js';

const SIX_DIGITS = /^\d{6}$/;

export class TotpCodeDto {
  @ApiProperty({ example: '492039', description: 'The 6-digit code the authenticator app shows' })
  @IsString()
  @Matches(SIX_DIGITS, { message: 'code must be 6 digits' })
  code!: string;
}

/** A second factor: exactly one of `code` (authenticator app) or `recoveryCode`. */
export class SecondFactorDto {
  @ApiPropertyOptional({ example: '492039', description: 'The 6-digit code from the app' })
  @IsOptional()
  @IsString()
  @Matches(SIX_DIGITS, { message: 'code must be 6 digits' })
  code?: string;

  @ApiPropertyOptional({
    example: 'K7QF-2M9X-T4VB-8RHD',
    description: 'One of the recovery codes given when the app was confirmed (each works once)',
  })
  @IsOptional()
  @IsString()
  @Length(8, 64)
  recoveryCode?: string;
}

export class MfaVerifyDto extends SecondFactorDto {
  @OpaqueTokenField('The mfaToken of the password sign-in (valid 5 minutes)')
  mfaToken!: string;
}

export class TotpEnrollmentDto {
  @ApiProperty({
    example: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
    description: 'Base32 shared secret (SHA-1, 6 digits, 30-second steps); shown only now',
  })
  secret!: string;

  @ApiProperty({
    example:
      'otpauth://totp/Trivance:ada%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Trivance&algorithm=SHA1&digits=6&period=30',
    description: 'For a QR code the authenticator app scans',
  })
  otpauthUri!: string;
}

export class RecoveryCodesDto {
  @ApiProperty({
    type: [String],
    example: ['K7QF-2M9X-T4VB-8RHD'],
    description: 'Ten single-use codes for when the app is not at hand; shown only now',
  })
  recoveryCodes!: string[];
}

export class MfaChallengeDto {
  @ApiProperty({ example: true, enum: [true] })
  mfaRequired!: true;

  @ApiProperty({ description: 'Opaque, 5 minutes; send it to POST /v1/auth/mfa/verify' })
  mfaToken!: string;

  @ApiProperty({ enum: MFA_METHODS, isArray: true, example: ['totp', 'recovery_code'] })
  methods!: MfaMethod[];
}

export class AccessTokenDto {
  @ApiProperty({ description: 'EdDSA JWT, 15 minutes, aal2 with a fresh auth_time' })
  accessToken!: string;

  @ApiProperty({ example: 'Bearer', enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty({ example: 900 })
  expiresIn!: number;
}
