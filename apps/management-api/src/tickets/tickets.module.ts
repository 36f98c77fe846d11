import { Global, Module } from '@nestjs/common';
import { TicketIssuer } from './ticket-issuer.js';
import { TicketReissue } from './ticket-reissue.js';
import { TicketSigner } from './ticket-signer.js';

@Global()
@Module({
  providers: [TicketIssuer, TicketSigner, TicketReissue],
  exports: [TicketIssuer, TicketSigner, TicketReissue],
})
export class TicketsModule {}
