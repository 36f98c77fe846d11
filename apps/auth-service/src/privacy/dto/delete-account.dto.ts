import { PasswordField } from '../../common/dto-fields.js';
import { SecondFactorDto } from '../../mfa/dto/mfa.dto.js';

/**
 * Proof for deleting the account: the current password and, when the
 * account has an authenticator app, exactly one of `code` and `recoveryCode`.
 */
export class DeleteAccountDto extends SecondFactorDto {
  @PasswordField('The current password')
  password!: string;
}
