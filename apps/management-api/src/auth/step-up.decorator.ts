import { SetMetadata } from '@nestjs/common';

export const STEP_UP = 'trivance:step-up';

/** Decides, from the operation's arguments, whether this call needs a step-up. */
export type StepUpCondition = (args: Record<string, unknown>) => boolean;

export interface StepUpRule {
  when?: StepUpCondition;
}

/**
 * The operation moves money or grants power (DOMAIN.md, "Step-up"): the token
 * must be aal2 with a second factor used within the last 15 minutes, or the
 * call is FORBIDDEN with reason MFA_REQUIRED (the client steps up at the Auth
 * Service and retries). `when` limits it to some calls, e.g. making someone
 * ADMIN. Checked by the access guard after the role rule, so a caller without
 * the role learns nothing about step-up.
 */
export const RequireStepUp = (when?: StepUpCondition) =>
  SetMetadata(STEP_UP, { when } satisfies StepUpRule);

/** A condition for mutations whose `input.role` may grant the ADMIN role. */
export const grantsAdmin: StepUpCondition = (args) =>
  (args.input as { role?: unknown } | undefined)?.role === 'ADMIN';
