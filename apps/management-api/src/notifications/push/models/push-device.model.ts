import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PushPlatform } from '../../../generated/prisma/enums.js';

registerEnumType(PushPlatform, { name: 'PushPlatform' });

/** A device of the signed-in account's that receives push notifications. */
@ObjectType('PushDevice')
export class PushDeviceModel {
  @Field(() => ID)
  id!: string;

  @Field()
  token!: string;

  @Field(() => PushPlatform)
  platform!: PushPlatform;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the app last registered it.' })
  lastSeenAt!: Date;
}
