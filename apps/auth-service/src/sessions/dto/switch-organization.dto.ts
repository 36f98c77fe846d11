import { OrganizationIdField } from '../../common/validators.js';

export class SwitchOrganizationDto {
  /** A Management organization id: a UUID, nothing else. */
  @OrganizationIdField()
  organizationId!: string;
}
