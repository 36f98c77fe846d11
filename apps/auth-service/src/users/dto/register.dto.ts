import { EmailField, NameField, PasswordField } from '../../common/dto-fields.js';

export class RegisterDto {
  @EmailField()
  email!: string;

  @PasswordField()
  password!: string;

  @NameField()
  name!: string;
}
