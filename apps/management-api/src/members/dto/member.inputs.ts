import { Field, ID, InputType } from '@nestjs/graphql';
import { IsObjectId } from '@trivance/shared';
import { IsEmail, IsEnum, IsOptional, IsString, Length, MaxLength } from 'class-validator';
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

  @Field(() => String, {
    nullable: true,
    description:
      'A retry with the same key returns the first invitation; the same key with another email or role is refused (IDEMPOTENCY_KEY_REUSED).',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  idempotencyKey?: string | null;
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
