import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEntityId } from '@trivance/shared';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';

@InputType()
export class TransferTicketInput {
  @Field(() => ID)
  @IsEntityId()
  id!: string;

  @Field()
  @IsEmail()
  @MaxLength(254)
  toEmail!: string;

  @Field({ description: 'Printed on the ticket; never put in the mail the recipient gets.' })
  @IsString()
  @Length(1, 200)
  toName!: string;
}
