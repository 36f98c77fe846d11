import { OpaqueTokenField, PasswordField } from '../../common/dto-fields.js';

export class ResetPasswordDto {
  @OpaqueTokenField('The token from the reset email')
  token!: string;

  @PasswordField('The new password, 8 to 128 characters')
  password!: string;
}

export class ChangePasswordDto {
  @PasswordField('The current password')
  currentPassword!: string;

  @PasswordField('The new password, 8 to 128 characters')
  newPassword!: string;
}
