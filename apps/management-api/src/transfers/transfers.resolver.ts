import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Authenticated } from '../auth/access.decorators.js';
import type { Ticket } from '../generated/prisma/client.js';
import { TicketModel } from '../tickets/models/ticket.model.js';
import { TransferTicket } from './transfer-ticket.system-path.js';
import { TransferTicketInput } from './transfer.inputs.js';

@Resolver()
export class TransfersResolver {
  constructor(private readonly transfer: TransferTicket) {}

  @Mutation(() => TicketModel, {
    description:
      'The holder, before the event, at most 5 a day: returns the old ticket, now VOID; the recipient is emailed a new one.',
  })
  @Authenticated()
  transferTicket(@Args('input') input: TransferTicketInput): Promise<Ticket> {
    return this.transfer.execute(input);
  }
}
