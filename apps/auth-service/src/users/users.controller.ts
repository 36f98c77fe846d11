import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { ClientInfo, UserAuthContext } from '../common/auth-context.js';
import { Client, CurrentUser } from '../common/decorators.js';
import { ApiProblems } from '../common/problem-responses.js';
import { Public } from '../common/public.decorator.js';
import { EmailDto } from './dto/email.dto.js';
import { RegisterDto, UpdateMeDto } from './dto/register.dto.js';
import { AcceptedDto, MeDto, VerifiedDto } from './dto/responses.dto.js';
import { TokenDto } from './dto/token.dto.js';
import { REGISTER_MESSAGE, RegistrationService, RESEND_MESSAGE } from './registration.service.js';
import { UsersService } from './users.service.js';

@ApiTags('accounts')
@Controller('v1/auth')
export class UsersController {
  constructor(
    private readonly registration: RegistrationService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @Post('register')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Create an account',
    description:
      'Same answer whether or not the email is taken: a new account gets a verification email, ' +
      'an existing one a notice.',
  })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiProblems('VALIDATION_FAILED', 'WEAK_PASSWORD', 'RATE_LIMITED')
  async register(@Body() body: RegisterDto, @Client() client: ClientInfo): Promise<AcceptedDto> {
    await this.registration.register(body, client);
    return { message: REGISTER_MESSAGE };
  }

  @Public()
  @Post('verify-email')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm an email address with the token from the email' })
  @ApiOkResponse({ type: VerifiedDto })
  @ApiProblems('VALIDATION_FAILED', 'INVALID_TOKEN', 'RATE_LIMITED')
  async verifyEmail(@Body() body: TokenDto, @Client() client: ClientInfo): Promise<VerifiedDto> {
    await this.registration.verifyEmail(body.token, client);
    return { verified: true };
  }

  @Public()
  @Post('verify-email/resend')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send the verification email again',
    description: 'Always 202; throttled requests (one mail a minute per address) send nothing.',
  })
  @ApiAcceptedResponse({ type: AcceptedDto })
  @ApiProblems('VALIDATION_FAILED')
  async resend(@Body() body: EmailDto, @Client() client: ClientInfo): Promise<AcceptedDto> {
    await this.registration.resend(body.email, client);
    return { message: RESEND_MESSAGE };
  }

  @Get('me')
  @ApiBearerAuth('user')
  @ApiOperation({ summary: 'The signed-in account and its memberships' })
  @ApiOkResponse({ type: MeDto })
  @ApiProblems('UNAUTHENTICATED')
  me(@CurrentUser() auth: UserAuthContext): Promise<MeDto> {
    return this.users.profile(auth.userId);
  }

  @Patch('me')
  @ApiBearerAuth('user')
  @ApiOperation({
    summary: 'Change your name or language',
    description: 'Answers the account as GET /v1/auth/me does; announced as user.updated.',
  })
  @ApiOkResponse({ type: MeDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED')
  updateMe(
    @CurrentUser() auth: UserAuthContext,
    @Body() body: UpdateMeDto,
    @Client() client: ClientInfo,
  ): Promise<MeDto> {
    return this.users.updateProfile(auth, body, client);
  }
}
