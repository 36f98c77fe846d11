import { decryptWithKek, encryptWithKek, z } from '@trivance/shared';

/** A Wompi merchant's keys: the platform's (from `WOMPI_*`) or one organization's own. */
export interface WompiMerchant {
  /** The organization that connected it; null for the platform's merchant. */
  ownedBy: string | null;
  publicKey: string;
  privateKey: string;
  eventsSecret: string;
  integritySecret: string;
}

export type MerchantSecrets = Pick<
  WompiMerchant,
  'privateKey' | 'eventsSecret' | 'integritySecret'
>;

const secretsSchema = z.object({
  privateKey: z.string().min(1),
  eventsSecret: z.string().min(1),
  integritySecret: z.string().min(1),
});

/** AES-256-GCM with the organization's id as additional data: a sealed value cannot move to another organization. */
export function sealMerchantSecrets(
  key: Buffer,
  organizationId: string,
  secrets: MerchantSecrets,
): string {
  return encryptWithKek(key, JSON.stringify(secretsSchema.parse(secrets)), organizationId);
}

export function openMerchantSecrets(
  key: Buffer,
  organizationId: string,
  sealed: string,
): MerchantSecrets {
  return secretsSchema.parse(JSON.parse(decryptWithKek(key, sealed, organizationId)));
}
