import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AppError, isSuperAdmin, requestContext } from '@trivance/shared';
import { money, MoneyModel } from '../common/money.js';
import type { Organization } from '../generated/prisma/client.js';
import { OrganizationModel } from '../organizations/models/organization.model.js';
import { TenantDatabase } from '../tenancy/tenant-database.js';

@Resolver(() => OrganizationModel)
export class BalanceResolver {
  constructor(private readonly db: TenantDatabase) {}

  @ResolveField(() => [MoneyModel], {
    description: 'What the organization holds, per currency, from its ledger (its admins only).',
  })
  async balance(@Parent() organization: Organization): Promise<MoneyModel[]> {
    const principal = requestContext.principal();
    const admin = principal.role === 'admin' || isSuperAdmin(principal);
    if (!admin || principal.organizationId !== organization.id) {
      throw new AppError('FORBIDDEN', "Only the organization's admins see its balance");
    }
    const sums = await this.db.client.ledgerEntry.groupBy({
      by: ['currency'],
      where: { organizationId: organization.id, account: 'CASH' },
      _sum: { amount: true },
      orderBy: { currency: 'asc' },
    });
    return sums.map((row) => money(row._sum.amount ?? 0n, row.currency));
  }
}
