import { Field, InputType } from '@nestjs/graphql';
import { IsEmail, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';

export const TAX_ID = /^[0-9A-Za-z][0-9A-Za-z .-]*$/;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SLUG_MESSAGE = 'slug must be lower-case letters, digits and single hyphens';

@InputType()
export class CreateOrganizationInput {
  @Field()
  @IsString()
  @Length(2, 200)
  name!: string;

  @Field({ description: 'Unique, URL-safe handle (lower-case letters, digits, hyphens).' })
  @IsString()
  @Length(2, 63)
  @Matches(SLUG, { message: SLUG_MESSAGE })
  slug!: string;

  @Field({ description: 'Invited as the first admin through the Auth Service.' })
  @IsEmail()
  @MaxLength(254)
  ownerEmail!: string;
}

@InputType()
export class UpdateOrganizationInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(2, 200)
  name?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(2, 63)
  @Matches(SLUG, { message: SLUG_MESSAGE })
  slug?: string;

  @Field(() => String, { nullable: true, description: 'Null clears it.' })
  @IsOptional()
  @IsString()
  @Length(2, 200)
  legalName?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Digits, letters, dots and dashes (e.g. NIT 900.123.456-7). Null clears it.',
  })
  @IsOptional()
  @IsString()
  @Length(2, 40)
  @Matches(TAX_ID, { message: 'must be digits, letters, dots, dashes or spaces' })
  taxId?: string | null;
}
