import { DeadLetters, type DeadLetterOutcome } from './dead-letters.js';
import { MembersResync, type OrganizationResync } from './members-resync.system-path.js';

export interface ResyncReport {
  organizations: OrganizationResync[];
  failed: { organizationId: string; error: string }[];
  deadLetters: DeadLetterOutcome[];
}

/**
 * Reconciles every organization's member profiles with the Auth Service,
 * then settles the dead letters that reconciliation made moot.
 */
export async function resyncMembers(
  resync: MembersResync,
  deadLetters: DeadLetters,
): Promise<ResyncReport> {
  const report: ResyncReport = { organizations: [], failed: [], deadLetters: [] };
  for (const organizationId of await resync.organizationIds()) {
    try {
      report.organizations.push(await resync.resyncOrganization(organizationId));
    } catch (error) {
      report.failed.push({
        organizationId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  report.deadLetters = await deadLetters.settle({ resyncedEverything: report.failed.length === 0 });
  return report;
}
