import { ArgsType, Field, GraphQLISODateTime, ID, InputType } from '@nestjs/graphql';
import { IsEntityId } from '@trivance/shared';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsDate,
  IsOptional,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';
import { ConnectionArgs } from '../../common/pagination/connection.args.js';

@InputType()
export class CheckInTicketInput {
  @Field(() => ID)
  @IsEntityId()
  eventId!: string;

  @Field({ description: "A QR payload, or a ticket's code typed in." })
  @IsString()
  @Length(1, 400)
  payload!: string;

  @Field(() => String, {
    nullable: true,
    description: "The scanner's id for this scan: the same nonce again is the same scan.",
  })
  @IsOptional()
  @IsString()
  @Length(8, 100)
  nonce?: string | null;
}

@InputType()
export class OfflineScanInput {
  @Field()
  @IsString()
  @Length(1, 400)
  payload!: string;

  @Field()
  @IsString()
  @Length(8, 100)
  nonce!: string;

  @Field(() => GraphQLISODateTime, { description: 'When the scanner admitted it.' })
  @IsDate()
  scannedAt!: Date;
}

@InputType()
export class UploadCheckInsInput {
  @Field(() => ID)
  @IsEntityId()
  eventId!: string;

  @Field(() => [OfflineScanInput])
  @ValidateNested({ each: true })
  @Type(() => OfflineScanInput)
  @ArrayMaxSize(1000)
  scans!: OfflineScanInput[];
}

@InputType()
export class UndoCheckInInput {
  @Field(() => ID)
  @IsEntityId()
  ticketId!: string;
}

@InputType()
export class AttendeeFilter {
  @Field(() => String, {
    nullable: true,
    description: "In the holder's name or email, or the ticket's code.",
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  search?: string | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  checkedIn?: boolean | null;
}

@ArgsType()
export class AttendeesArgs extends ConnectionArgs {
  @Field(() => ID)
  @IsEntityId()
  eventId!: string;

  @Field(() => AttendeeFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AttendeeFilter)
  filter?: AttendeeFilter | null;
}

@ArgsType()
export class DoorEventArgs {
  @Field(() => ID)
  @IsEntityId()
  eventId!: string;
}
