import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('Organization', { description: 'A tenant: runs events and takes donations.' })
export class OrganizationModel {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: 'Unique, URL-safe handle.' })
  slug!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The registered name donation certificates carry.',
  })
  legalName!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The tax id (NIT, RUT, RFC...) donation certificates carry.',
  })
  taxId!: string | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime)
  updatedAt!: Date;
}
