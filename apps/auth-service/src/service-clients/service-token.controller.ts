import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ClientInfo } from '../common/auth-context.js';
import { Client } from '../common/decorators.js';
import { ApiProblems } from '../common/problem-responses.js';
import { Public } from '../common/public.decorator.js';
import { ServiceTokenDto, ServiceTokenRequestDto } from './dto/service-token.dto.js';
import { ServiceClientsService } from './service-clients.service.js';

@ApiTags('service clients')
@Controller('v1/auth')
export class ServiceTokenController {
  constructor(private readonly clients: ServiceClientsService) {}

  @Public()
  @Post('service-token')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange client credentials for a 5-minute service token (audience auth-internal)',
  })
  @ApiOkResponse({ type: ServiceTokenDto })
  @ApiProblems('VALIDATION_FAILED', 'INVALID_CLIENT', 'RATE_LIMITED')
  issue(
    @Body() body: ServiceTokenRequestDto,
    @Client() client: ClientInfo,
  ): Promise<ServiceTokenDto> {
    return this.clients.issueToken(body.clientId, body.clientSecret, client);
  }
}
