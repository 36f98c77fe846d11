import { OpaqueTokenField } from '../../common/dto-fields.js';

export class TokenDto {
  @OpaqueTokenField('The token from the email')
  token!: string;
}
