import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Role } from '../../common/graphql-enums.js';

@ObjectType('Invitation', { description: 'An invitation emailed by the Auth Service.' })
export class InvitationModel {
  @Field(() => ID)
  id!: string;

  @Field()
  email!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => GraphQLISODateTime)
  expiresAt!: Date;
}
