import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { EmailField, NameField, PasswordField } from '../../common/dto-fields.js';
import { type Locale, LOCALES } from '../user.schema.js';

export class RegisterDto {
  @EmailField()
  email!: string;

  @PasswordField()
  password!: string;

  @NameField()
  name!: string;
}

export class UpdateMeDto {
  @IsOptional()
  @NameField(false)
  name?: string;

  @ApiPropertyOptional({ enum: LOCALES, description: 'Language of mail and clients' })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;
}
