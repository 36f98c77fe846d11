import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { TicketModel } from '../../tickets/models/ticket.model.js';

export enum CheckInOutcome {
  ADMITTED = 'ADMITTED',
  DUPLICATE = 'DUPLICATE',
  REJECTED = 'REJECTED',
}
registerEnumType(CheckInOutcome, { name: 'CheckInOutcome' });

@ObjectType('CheckInResult')
export class CheckInResultModel {
  @Field(() => TicketModel)
  ticket!: TicketModel;

  @Field(() => GraphQLISODateTime)
  checkedInAt!: Date;

  @Field(() => ID, { description: 'The staff member whose scan admitted it.' })
  checkedInBy!: string;

  @Field({ description: 'False when this nonce was already scanned: the first result again.' })
  firstScan!: boolean;
}

@ObjectType('TicketSigningKey')
export class TicketSigningKeyModel {
  @Field()
  kid!: string;

  @Field({ description: 'Raw Ed25519 public key, base64url (32 bytes).' })
  publicKey!: string;
}

@ObjectType('CheckInSnapshot', {
  description: 'What a scanner needs to admit people while offline.',
})
export class CheckInSnapshotModel {
  @Field(() => [TicketSigningKeyModel], { description: 'Every key a valid QR may be signed with.' })
  keys!: TicketSigningKeyModel[];

  @Field({ description: 'The current signing key (also in keys).' })
  publicKey!: string;

  @Field(() => [String], {
    description: 'Codes that no longer admit: transferred, refunded, voided, re-issued.',
  })
  revokedCodes!: string[];

  @Field(() => GraphQLISODateTime)
  generatedAt!: Date;
}

@ObjectType('ScanResult')
export class ScanResultModel {
  @Field()
  nonce!: string;

  @Field(() => ID, { nullable: true })
  ticketId!: string | null;

  @Field(() => CheckInOutcome)
  outcome!: CheckInOutcome;

  @Field(() => String, {
    nullable: true,
    description: 'Why a scan was rejected (ALREADY_CHECKED_IN, TICKET_VOID, ...).',
  })
  reason!: string | null;
}

@ObjectType('CheckInStats')
export class CheckInStatsModel {
  @Field(() => Int)
  checkedIn!: number;

  @Field(() => Int, { description: 'Tickets that admit someone (not void).' })
  total!: number;
}
