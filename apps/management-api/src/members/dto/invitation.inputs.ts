import { Field, ID, InputType } from '@nestjs/graphql';
import { IsObjectId } from '@trivance/shared';

@InputType()
export class RevokeInvitationInput {
  @Field(() => ID, { description: 'The invitation, as listed in `invitations`.' })
  @IsObjectId()
  id!: string;
}

@InputType()
export class EndMemberSessionsInput {
  @Field(() => ID, { description: 'The member whose sessions in this organization end.' })
  @IsObjectId()
  userId!: string;
}
