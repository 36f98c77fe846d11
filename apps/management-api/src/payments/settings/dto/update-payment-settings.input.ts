import { Field, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import {
  IsString,
  Length,
  Matches,
  ValidateBy,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';

const trimmed = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Wompi's keys name their environment: `pub_test_…`, `pub_prod_…`, `prv_test_…`, `prv_prod_…`. */
const PUBLIC_KEY = /^pub_(test|prod)_[A-Za-z0-9_-]+$/;
const PRIVATE_KEY = /^prv_(test|prod)_[A-Za-z0-9_-]+$/;
/** The events and integrity secrets: one token, no spaces or control characters. */
const SECRET = /^[\x21-\x7e]+$/;

const environmentOf = (key: string) => /^(?:pub|prv)_(test|prod)_/.exec(key)?.[1];

/** The private key belongs to the same environment (test or prod) as the public key. */
function SameEnvironmentAs(property: string, options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'sameWompiEnvironment',
      constraints: [property],
      validator: {
        validate(value: unknown, args?: ValidationArguments) {
          if (typeof value !== 'string') return false;
          const other = (args?.object as Record<string, unknown>)[property];
          const mine = environmentOf(value);
          const theirs = typeof other === 'string' ? environmentOf(other) : undefined;
          // Only two well-formed keys can disagree; a malformed one has its own error.
          return !mine || !theirs || mine === theirs;
        },
        defaultMessage: () =>
          `$property must be of the same environment (test or prod) as ${property}`,
      },
    },
    options,
  );
}

@InputType({
  description:
    "The organization's own Wompi merchant (the keys in Wompi's dashboard, Developers section). " +
    'The private key and both secrets are write-only: stored encrypted, never returned.',
})
export class UpdatePaymentSettingsInput {
  @Field({ description: '`pub_test_…` or `pub_prod_…`.' })
  @trimmed()
  @IsString()
  @Length(16, 200)
  @Matches(PUBLIC_KEY, {
    message: '$property must be a Wompi public key (pub_test_… or pub_prod_…)',
  })
  wompiPublicKey!: string;

  @Field({
    description: '`prv_test_…` or `prv_prod_…`, of the same environment as the public key.',
  })
  @trimmed()
  @IsString()
  @Length(16, 200)
  @Matches(PRIVATE_KEY, {
    message: '$property must be a Wompi private key (prv_test_… or prv_prod_…)',
  })
  @SameEnvironmentAs('wompiPublicKey')
  wompiPrivateKey!: string;

  @Field({
    description: 'The events secret webhooks are signed with (`test_events_…`, `prod_events_…`).',
  })
  @trimmed()
  @IsString()
  @Length(16, 200)
  @Matches(SECRET, { message: '$property must not contain spaces' })
  wompiEventsSecret!: string;

  @Field({
    description:
      'The integrity secret checkouts are signed with (`test_integrity_…`, `prod_integrity_…`).',
  })
  @trimmed()
  @IsString()
  @Length(16, 200)
  @Matches(SECRET, { message: '$property must not contain spaces' })
  wompiIntegritySecret!: string;
}
