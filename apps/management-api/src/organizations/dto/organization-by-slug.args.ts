import { ArgsType, Field } from '@nestjs/graphql';
import { IsString, Length, Matches } from 'class-validator';

@ArgsType()
export class OrganizationBySlugArgs {
  @Field({ description: 'The organization handle, e.g. "fundacion-luz".' })
  @IsString()
  @Length(1, 63)
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/i, { message: 'slug must be letters, digits and hyphens' })
  slug!: string;
}
