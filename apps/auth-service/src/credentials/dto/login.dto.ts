import { EmailField, PasswordField } from '../../common/dto-fields.js';

export class LoginDto {
  @EmailField()
  email!: string;

  @PasswordField('The account password')
  password!: string;
}
