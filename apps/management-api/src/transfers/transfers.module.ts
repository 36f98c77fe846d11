import { Global, Module } from '@nestjs/common';
import { ViewerModule } from '../viewer/viewer.module.js';
import { TicketClaims } from './ticket-claims.system-path.js';
import { TransferTicket } from './transfer-ticket.system-path.js';
import { TransfersResolver } from './transfers.resolver.js';

@Global()
@Module({
  imports: [ViewerModule],
  providers: [TransferTicket, TicketClaims, TransfersResolver],
  exports: [TicketClaims],
})
export class TransfersModule {}
