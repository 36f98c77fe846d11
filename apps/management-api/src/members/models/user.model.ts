import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Role } from '../../common/graphql-enums.js';

@ObjectType('User', { description: "A member of the caller's organization." })
export class UserModel {
  @Field(() => ID, { description: 'The account id.' })
  id!: string;

  @Field()
  email!: string;

  @Field()
  name!: string;

  @Field(() => Role, { description: 'Role in this organization.' })
  role!: Role;

  @Field()
  emailVerified!: boolean;

  @Field(() => GraphQLISODateTime, { description: 'When they joined this organization.' })
  createdAt!: Date;
}
