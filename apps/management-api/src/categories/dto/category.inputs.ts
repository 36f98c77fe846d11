import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsEntityId } from '@trivance/shared';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

@InputType()
export class CreateCategoryInput {
  @Field()
  @IsString()
  @Length(1, 100)
  name!: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  position?: number | null;
}

@InputType()
export class UpdateCategoryInput {
  @Field(() => ID)
  @IsEntityId()
  id!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  position?: number | null;
}

@InputType()
export class DeleteCategoryInput {
  @Field(() => ID)
  @IsEntityId()
  id!: string;
}
