import {
  ArgsType,
  Field,
  GraphQLISODateTime,
  ID,
  InputType,
  Int,
  PartialType,
} from '@nestjs/graphql';
import { IsEntityId } from '@trivance/shared';
import { Type } from 'class-transformer';
import {
  IsDate,
  IsEnum,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ConnectionArgs } from '../../common/pagination/connection.args.js';
import { EventStatus } from '../../generated/prisma/enums.js';

export const TIME_ZONES: readonly string[] = [...Intl.supportedValuesOf('timeZone'), 'UTC'];
export const MAX_CAPACITY = 1_000_000;

@InputType()
export class VenueInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  address?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 120)
  city?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2.' })
  @IsOptional()
  @IsISO31661Alpha2()
  country?: string | null;
}

@InputType()
export class CreateEventInput {
  @Field()
  @IsString()
  @Length(1, 200)
  title!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(0, 20_000)
  description?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsEntityId()
  categoryId?: string | null;

  @Field(() => VenueInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => VenueInput)
  venue?: VenueInput | null;

  @Field(() => GraphQLISODateTime)
  @IsDate()
  startsAt!: Date;

  @Field(() => GraphQLISODateTime)
  @IsDate()
  endsAt!: Date;

  @Field({ description: 'IANA time zone, e.g. America/Bogota.' })
  @IsIn(TIME_ZONES, { message: 'timezone must be an IANA time zone' })
  timezone!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Caps the whole event across its ticket types.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_CAPACITY)
  capacity?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true })
  @Length(1, 2048)
  coverImageUrl?: string | null;
}

/** Every field of an event may change; what is not given stays as it is. */
@InputType()
export class UpdateEventInput extends PartialType(CreateEventInput) {
  @Field(() => ID)
  @IsEntityId()
  id!: string;
}

@InputType()
export class EventIdInput {
  @Field(() => ID)
  @IsEntityId()
  id!: string;
}

@InputType()
export class CancelEventInput {
  @Field(() => ID)
  @IsEntityId()
  id!: string;

  @Field({ description: 'Shown to buyers.' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

@InputType()
export class EventFilter {
  @Field(() => EventStatus, { nullable: true })
  @IsOptional()
  @IsEnum(EventStatus)
  status?: EventStatus | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Starting at or after.' })
  @IsOptional()
  @IsDate()
  from?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Starting before.' })
  @IsOptional()
  @IsDate()
  to?: Date | null;

  @Field(() => String, { nullable: true, description: 'In the title.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  search?: string | null;
}

@ArgsType()
export class EventsArgs extends ConnectionArgs {
  @Field(() => EventFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => EventFilter)
  filter?: EventFilter | null;
}

@InputType()
export class PublicEventFilter {
  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Starting at or after (default: not yet over).',
  })
  @IsOptional()
  @IsDate()
  from?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Starting before.' })
  @IsOptional()
  @IsDate()
  to?: Date | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsEntityId()
  categoryId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 120)
  city?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  search?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsEntityId()
  organizationId?: string | null;
}

@ArgsType()
export class PublicEventsArgs extends ConnectionArgs {
  @Field(() => PublicEventFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PublicEventFilter)
  filter?: PublicEventFilter | null;
}

@ArgsType()
export class EventIdArgs {
  @Field(() => ID)
  @IsEntityId()
  id!: string;
}

@ArgsType()
export class PublicEventArgs extends EventIdArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Lists the hidden ticket types this code unlocks.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  discountCode?: string | null;
}
