import { Body, Controller, Delete, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { ClientInfo, UserAuthContext } from '../common/auth-context.js';
import { Client, CurrentUser } from '../common/decorators.js';
import { ApiProblems } from '../common/problem-responses.js';
import { Public } from '../common/public.decorator.js';
import { TokenPairDto } from '../sessions/dto/token-pair.dto.js';
import {
  AccessTokenDto,
  MfaVerifyDto,
  RecoveryCodesDto,
  SecondFactorDto,
  TotpCodeDto,
  TotpEnrollmentDto,
} from './dto/mfa.dto.js';
import { MfaService } from './mfa.service.js';

@ApiTags('second factors')
@Controller('v1/auth/mfa')
export class MfaController {
  constructor(private readonly mfa: MfaService) {}

  @Post('totp/enroll')
  @HttpCode(200)
  @ApiBearerAuth('user')
  @ApiOperation({
    summary: 'Start setting up an authenticator app (TOTP)',
    description:
      'Answers a new secret and its otpauth URI; nothing changes for sign-in until a code ' +
      'confirms it. An account with a confirmed app must remove it first.',
  })
  @ApiOkResponse({ type: TotpEnrollmentDto })
  @ApiProblems('UNAUTHENTICATED', 'CONFLICT')
  enroll(@CurrentUser() auth: UserAuthContext, @Client() client: ClientInfo) {
    return this.mfa.enroll(auth, client);
  }

  @Post('totp/confirm')
  @HttpCode(200)
  @ApiBearerAuth('user')
  @ApiOperation({
    summary: 'Confirm the authenticator app with its first code',
    description:
      'From now on sign-in needs a second factor. Answers ten single-use recovery codes.',
  })
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiProblems(
    'VALIDATION_FAILED',
    'UNAUTHENTICATED',
    'INVALID_MFA_CODE',
    'CONFLICT',
    'RATE_LIMITED',
  )
  confirm(
    @CurrentUser() auth: UserAuthContext,
    @Body() body: TotpCodeDto,
    @Client() client: ClientInfo,
  ): Promise<RecoveryCodesDto> {
    return this.mfa.confirm(auth, body.code, client);
  }

  @Delete('totp')
  @HttpCode(204)
  @ApiBearerAuth('user')
  @ApiOperation({ summary: 'Remove the authenticator app and its recovery codes' })
  @ApiNoContentResponse({ description: 'Removed; sign-in needs only the password again' })
  @ApiProblems(
    'VALIDATION_FAILED',
    'UNAUTHENTICATED',
    'INVALID_MFA_CODE',
    'CONFLICT',
    'RATE_LIMITED',
  )
  async remove(
    @CurrentUser() auth: UserAuthContext,
    @Body() body: TotpCodeDto,
    @Client() client: ClientInfo,
  ): Promise<void> {
    await this.mfa.remove(auth, body.code, client);
  }

  @Public()
  @Post('verify')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Finish a sign-in with the second factor',
    description:
      'With the mfaToken of POST /v1/auth/login and a code from the app (or a recovery code): ' +
      'the token pair, with aal2. Wrong codes count against the same limits as passwords.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiProblems('VALIDATION_FAILED', 'INVALID_TOKEN', 'INVALID_MFA_CODE', 'RATE_LIMITED')
  verify(@Body() body: MfaVerifyDto, @Client() client: ClientInfo): Promise<TokenPairDto> {
    return this.mfa.completeSignIn(body, client);
  }

  @Post('step-up')
  @HttpCode(200)
  @ApiBearerAuth('user')
  @ApiOperation({
    summary: 'Raise the current session to aal2 with a fresh auth_time',
    description:
      'Answers a new access token for the same session; its refresh token stays valid and ' +
      'later refreshes keep aal2. Operations that move money or grant power need a second ' +
      'factor used within the last 15 minutes.',
  })
  @ApiOkResponse({ type: AccessTokenDto })
  @ApiProblems(
    'VALIDATION_FAILED',
    'UNAUTHENTICATED',
    'INVALID_MFA_CODE',
    'CONFLICT',
    'RATE_LIMITED',
  )
  stepUp(
    @CurrentUser() auth: UserAuthContext,
    @Body() body: SecondFactorDto,
    @Client() client: ClientInfo,
  ): Promise<AccessTokenDto> {
    return this.mfa.stepUp(auth, body, client);
  }
}
