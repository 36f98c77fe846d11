import { Field, ID, InputType } from '@nestjs/graphql';
import { IsObjectId } from '@trivance/shared';
import { IsEmail, IsEnum, MaxLength } from 'class-validator';
import { Role } from '../../common/graphql-enums.js';

@InputType()
export class InviteMemberInput {
  @Field()
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @Field(() => Role)
  @IsEnum(Role)
  role!: Role;
}

@InputType()
export class ChangeMemberRoleInput {
  @Field(() => ID)
  @IsObjectId()
  userId!: string;

  @Field(() => Role)
  @IsEnum(Role)
  role!: Role;
}

@InputType()
export class RemoveMemberInput {
  @Field(() => ID)
  @IsObjectId()
  userId!: string;
}
