import { Global, Module } from '@nestjs/common';
import { TicketIssuer } from './ticket-issuer.js';
import { TicketSigner } from './ticket-signer.js';

@Global()
@Module({ providers: [TicketIssuer, TicketSigner], exports: [TicketIssuer, TicketSigner] })
export class TicketsModule {}
