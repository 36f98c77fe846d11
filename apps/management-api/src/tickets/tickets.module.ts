import { Global, Module } from '@nestjs/common';
import { TicketIssuer } from './ticket-issuer.js';

@Global()
@Module({ providers: [TicketIssuer], exports: [TicketIssuer] })
export class TicketsModule {}
