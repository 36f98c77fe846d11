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
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ConnectionArgs } from '../../common/pagination/connection.args.js';
import { PublicationKind, PublicationStatus } from '../../generated/prisma/enums.js';

export const MAX_POSITION = 1_000_000;

/** Images and videos are embedded in the app: HTTPS only, so no page mixes content. */
const EMBEDDED_URL = { protocols: ['https'], require_protocol: true };
/** A link the reader follows. */
const LINK_URL = { protocols: ['http', 'https'], require_protocol: true };

@InputType()
export class CreatePublicationInput {
  @Field(() => PublicationKind)
  @IsEnum(PublicationKind)
  kind!: PublicationKind;

  @Field()
  @IsString()
  @Length(1, 200)
  title!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(0, 20_000)
  body?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'HTTPS. Required for a BANNER; needs imageAlt.',
  })
  @IsOptional()
  @IsUrl(EMBEDDED_URL, { message: 'imageUrl must be an https URL' })
  @Length(1, 2048)
  imageUrl?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'What the image shows, for readers who cannot see it.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  imageAlt?: string | null;

  @Field(() => String, { nullable: true, description: 'HTTPS. Required for a VIDEO.' })
  @IsOptional()
  @IsUrl(EMBEDDED_URL, { message: 'videoUrl must be an https URL' })
  @Length(1, 2048)
  videoUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'Where a tap leads (http or https).' })
  @IsOptional()
  @IsUrl(LINK_URL, { message: 'linkUrl must be an http or https URL' })
  @Length(1, 2048)
  linkUrl?: string | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Shown from then on once published; null: as soon as it is published.',
  })
  @IsOptional()
  @IsDate()
  publishAt?: Date | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Hidden from then on; after publishAt (PUBLICATION_WINDOW_INVALID).',
  })
  @IsOptional()
  @IsDate()
  unpublishAt?: Date | null;

  @Field(() => Int, { nullable: true, description: `0 (first, the default) to ${MAX_POSITION}.` })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_POSITION)
  position?: number | null;
}

@InputType()
export class UpdatePublicationInput extends PartialType(CreatePublicationInput) {
  @Field(() => ID)
  @IsEntityId()
  id!: string;
}

@InputType()
export class PublicationIdInput {
  @Field(() => ID)
  @IsEntityId()
  id!: string;
}

@ArgsType()
export class PublicationIdArgs {
  @Field(() => ID)
  @IsEntityId()
  id!: string;
}

@InputType()
export class PublicationFilter {
  @Field(() => PublicationKind, { nullable: true })
  @IsOptional()
  @IsEnum(PublicationKind)
  kind?: PublicationKind | null;

  @Field(() => PublicationStatus, { nullable: true })
  @IsOptional()
  @IsEnum(PublicationStatus)
  status?: PublicationStatus | null;
}

@ArgsType()
export class PublicationsArgs extends ConnectionArgs {
  @Field(() => PublicationFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PublicationFilter)
  filter?: PublicationFilter | null;
}

@InputType()
export class PublicFeedFilter {
  @Field(() => ID, { nullable: true, description: 'One organization’s feed (its app’s).' })
  @IsOptional()
  @IsEntityId()
  organizationId?: string | null;

  @Field(() => PublicationKind, { nullable: true })
  @IsOptional()
  @IsEnum(PublicationKind)
  kind?: PublicationKind | null;
}

@ArgsType()
export class PublicFeedArgs extends ConnectionArgs {
  @Field(() => PublicFeedFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PublicFeedFilter)
  filter?: PublicFeedFilter | null;
}
