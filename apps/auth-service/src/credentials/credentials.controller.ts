import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiExtraModels,
  getSchemaPath,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { ClientInfo, UserAuthContext } from '../common/auth-context.js';
import { Client, CurrentUser } from '../common/decorators.js';
import { ApiProblems } from '../common/problem-responses.js';
import { Public } from '../common/public.decorator.js';
import { MfaChallengeDto } from '../mfa/dto/mfa.dto.js';
import { TokenPairDto } from '../sessions/dto/token-pair.dto.js';
import { EmailDto } from '../users/dto/email.dto.js';
import { AcceptedDto } from '../users/dto/responses.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { ChangePasswordDto, ResetPasswordDto } from './dto/password.dto.js';
import { LoginService } from './login.service.js';
import { PasswordsService } from './passwords.service.js';

export const FORGOT_MESSAGE = 'If the address has an account, we have sent a password reset email.';

@ApiTags('credentials')
@Controller('v1/auth')
export class CredentialsController {
  constructor(
    private readonly login: LoginService,
    private readonly passwords: PasswordsService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in with email and password',
    description:
      'The token pair (aal1); for an account with a second factor, no tokens but ' +
      '{ mfaRequired: true, mfaToken, methods }, finished at POST /v1/auth/mfa/verify.',
  })
  @ApiExtraModels(TokenPairDto, MfaChallengeDto)
  @ApiOkResponse({
    schema: {
      oneOf: [{ $ref: getSchemaPath(TokenPairDto) }, { $ref: getSchemaPath(MfaChallengeDto) }],
    },
  })
  @ApiProblems(
    'VALIDATION_FAILED',
    'INVALID_CREDENTIALS',
    'EMAIL_NOT_VERIFIED',
    'ACCOUNT_DISABLED',
    'RATE_LIMITED',
  )
  signIn(
    @Body() body: LoginDto,
    @Client() client: ClientInfo,
  ): Promise<TokenPairDto | MfaChallengeDto> {
    return this.login.login(body, client);
  }

  @Public()
  @Post('password/forgot')
  @HttpCode(202)
  @ApiOperation({ summary: 'Email a password reset link', description: 'Always 202.' })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiProblems('VALIDATION_FAILED')
  async forgot(@Body() body: EmailDto, @Client() client: ClientInfo): Promise<AcceptedDto> {
    await this.passwords.forgot(body.email, client);
    return { message: FORGOT_MESSAGE };
  }

  @Public()
  @Post('password/reset')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a new password with the emailed token; every session is revoked' })
  @ApiNoContentResponse({ description: 'Password changed' })
  @ApiProblems('VALIDATION_FAILED', 'INVALID_TOKEN', 'WEAK_PASSWORD', 'RATE_LIMITED')
  async reset(@Body() body: ResetPasswordDto, @Client() client: ClientInfo): Promise<void> {
    await this.passwords.reset(body.token, body.password, client);
  }

  @Post('password/change')
  @HttpCode(204)
  @ApiBearerAuth('user')
  @ApiOperation({ summary: 'Change the password; the other sessions are revoked' })
  @ApiNoContentResponse({ description: 'Password changed' })
  @ApiProblems(
    'VALIDATION_FAILED',
    'INVALID_CURRENT_PASSWORD',
    'WEAK_PASSWORD',
    'UNAUTHENTICATED',
    'RATE_LIMITED',
  )
  async change(
    @CurrentUser() auth: UserAuthContext,
    @Body() body: ChangePasswordDto,
    @Client() client: ClientInfo,
  ): Promise<void> {
    await this.passwords.change(auth, body, client);
  }
}
