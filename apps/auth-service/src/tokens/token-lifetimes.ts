/** Access tokens: 15 minutes (ARCHITECTURE.md); membership changes apply within this time. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
/** Service tokens (client credentials): 5 minutes. */
export const SERVICE_TOKEN_TTL_SECONDS = 5 * 60;
/** Audience of service tokens; only /internal/v1 accepts it. */
export const SERVICE_TOKEN_AUDIENCE = 'auth-internal';
/** Email verification links: 24 hours. */
export const EMAIL_VERIFICATION_TTL_SECONDS = 24 * 60 * 60;
/** Password reset links: 1 hour. */
export const PASSWORD_RESET_TTL_SECONDS = 60 * 60;
/** Invitations: 7 days. */
export const INVITATION_TTL_SECONDS = 7 * 24 * 60 * 60;
/** The mfaToken of a password sign-in awaiting its second factor: 5 minutes. */
export const MFA_CHALLENGE_TTL_SECONDS = 5 * 60;
