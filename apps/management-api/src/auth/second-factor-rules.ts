import {
  assertRecentSecondFactor,
  assertSecondFactor,
  isSuperAdmin,
  type Principal,
} from '@trivance/shared';
import type { AccessRule } from './access.decorators.js';
import type { StepUpRule } from './step-up.decorator.js';

/**
 * When a second factor is needed, once the role rule has let a caller in:
 * - a super admin always, for platform operations and for acting in an
 *   organization through the platform role;
 * - staff of an organization that requires it (`requireMfaForStaff`, carried
 *   in the token as org_mfa_required);
 * - anyone, recently (15 minutes), for an operation marked @RequireStepUp.
 * Each refusal is FORBIDDEN with reason MFA_REQUIRED.
 */
export function assertSecondFactorRules(
  principal: Principal,
  rule: AccessRule,
  stepUp: StepUpRule | undefined,
  args: Record<string, unknown>,
): void {
  const platformPower =
    rule.kind === 'platform' || (rule.kind === 'staff' && isSuperAdmin(principal));
  if (platformPower) assertSecondFactor(principal);
  if (rule.kind === 'staff' && principal.organizationRequiresMfa) assertSecondFactor(principal);
  if (stepUp && (!stepUp.when || stepUp.when(args))) assertRecentSecondFactor(principal);
}
