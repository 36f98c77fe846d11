import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Role } from '../../common/graphql-enums.js';
import { OrganizationModel } from '../../organizations/models/organization.model.js';

@ObjectType('Membership')
export class MembershipModel {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => OrganizationModel)
  organization?: OrganizationModel;

  @Field(() => Role)
  role!: Role;
}

@ObjectType('Viewer', { description: 'The signed-in account.' })
export class ViewerModel {
  @Field(() => ID)
  id!: string;

  @Field()
  email!: string;

  @Field()
  name!: string;

  @Field()
  emailVerified!: boolean;

  @Field(() => Role, { nullable: true, description: 'SUPER_ADMIN for platform operators.' })
  platformRole!: Role | null;

  @Field(() => ID, { nullable: true, description: "The token's active organization." })
  activeOrganizationId!: string | null;

  @Field(() => [MembershipModel])
  memberships!: MembershipModel[];
}
