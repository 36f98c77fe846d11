import { ArgsType, Field, GraphQLISODateTime, ID, InputType } from '@nestjs/graphql';
import { IsEntityId } from '@trivance/shared';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsDate,
  IsEnum,
  IsOptional,
  IsUUID,
  ValidateNested,
} from 'class-validator';
import { ConnectionArgs } from '../../common/pagination/connection.args.js';
import { NotificationChannel, NotificationKind } from '../../generated/prisma/enums.js';

@InputType()
export class NotificationFilterInput {
  @Field(() => Boolean, { nullable: true, description: 'Only unread (true) or only read (false).' })
  @IsOptional()
  @IsBoolean()
  unread?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Archived ones (true) or the rest (false, the default).',
  })
  @IsOptional()
  @IsBoolean()
  archived?: boolean | null;
}

@ArgsType()
export class NotificationsArgs extends ConnectionArgs {
  @Field(() => NotificationFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => NotificationFilterInput)
  filter?: NotificationFilterInput | null;
}

@InputType()
export class NotificationIdInput {
  @Field(() => ID)
  @IsEntityId()
  id!: string;
}

@InputType()
export class MarkNotificationsSeenInput {
  @Field(() => [ID], { description: 'The notifications the inbox showed; at most 100.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'each of ids must be a UUID' })
  ids!: string[];
}

@InputType()
export class MarkAllNotificationsReadInput {
  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Only those created before this time (what the inbox was showing).',
  })
  @IsOptional()
  @IsDate()
  before?: Date | null;
}

@InputType()
export class UpdateNotificationPreferencesInput {
  @Field(() => NotificationKind)
  @IsEnum(NotificationKind)
  kind!: NotificationKind;

  @Field(() => NotificationChannel)
  @IsEnum(NotificationChannel)
  channel!: NotificationChannel;

  @Field()
  @IsBoolean()
  enabled!: boolean;
}
