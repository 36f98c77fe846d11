import { ArgsType, Field, InputType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { OrderDirection, Role } from '../../common/graphql-enums.js';
import { ConnectionArgs } from '../../common/pagination/connection.args.js';

export enum UserOrderField {
  CREATED_AT = 'CREATED_AT',
  NAME = 'NAME',
  EMAIL = 'EMAIL',
}
registerEnumType(UserOrderField, { name: 'UserOrderField' });

@InputType('UserFilter')
export class UserFilterInput {
  @Field({ nullable: true, description: 'Part of the name or email, case-insensitive.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  search?: string;

  @Field(() => Role, { nullable: true })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  emailVerified?: boolean;
}

@InputType('UserOrder')
export class UserOrderInput {
  @Field(() => UserOrderField)
  @IsEnum(UserOrderField)
  field!: UserOrderField;

  @Field(() => OrderDirection)
  @IsEnum(OrderDirection)
  direction!: OrderDirection;
}

@ArgsType()
export class UsersArgs extends ConnectionArgs {
  @Field(() => UserFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => UserFilterInput)
  filter?: UserFilterInput;

  @Field(() => UserOrderInput, {
    nullable: true,
    description: 'Defaults to newest first (CREATED_AT DESC).',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => UserOrderInput)
  orderBy?: UserOrderInput;
}
