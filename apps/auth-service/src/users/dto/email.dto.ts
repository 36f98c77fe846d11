import { EmailField } from '../../common/dto-fields.js';

export class EmailDto {
  @EmailField()
  email!: string;
}
