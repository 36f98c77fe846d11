import { Field, InputType } from '@nestjs/graphql';
import { IsEnum } from 'class-validator';
import { PushPlatform } from '../../../generated/prisma/enums.js';
import { IsExpoPushToken } from '../push-token.js';

@InputType()
export class RegisterDeviceInput {
  @Field({ description: 'The Expo push token of this installation (ExponentPushToken[…]).' })
  @IsExpoPushToken()
  token!: string;

  @Field(() => PushPlatform)
  @IsEnum(PushPlatform)
  platform!: PushPlatform;
}

@InputType()
export class UnregisterDeviceInput {
  @Field()
  @IsExpoPushToken()
  token!: string;
}
