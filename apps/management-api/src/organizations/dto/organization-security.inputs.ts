import { Field, InputType } from '@nestjs/graphql';
import { IsBoolean } from 'class-validator';

@InputType()
export class UpdateOrganizationSecurityInput {
  @Field()
  @IsBoolean()
  requireMfaForStaff!: boolean;
}
