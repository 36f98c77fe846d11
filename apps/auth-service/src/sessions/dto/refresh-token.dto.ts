import { OpaqueTokenField } from '../../common/dto-fields.js';

export class RefreshTokenDto {
  @OpaqueTokenField('The refresh token from the last token pair')
  refreshToken!: string;
}
