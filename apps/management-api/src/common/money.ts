import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { AppError } from '@trivance/shared';
import { IsIn, IsInt, Min } from 'class-validator';
import { GraphQLSafeInt } from 'graphql-scalars';

/** An integer within ±(2^53 − 1): money in minor units never overflows a 32-bit Int. */
export const SafeInt = GraphQLSafeInt;

/** ISO 4217 codes, as the runtime knows them. */
export const CURRENCIES: readonly string[] = Intl.supportedValuesOf('currency');

@ObjectType('Money', { description: 'An amount in integer minor units (COP and USD have 2).' })
export class MoneyModel {
  @Field(() => SafeInt)
  amount!: number;

  @Field({ description: 'ISO 4217, upper case.' })
  currency!: string;
}

@InputType('MoneyInput')
export class MoneyInput {
  @Field(() => SafeInt)
  @IsInt()
  @Min(0)
  amount!: number;

  @Field()
  @IsIn(CURRENCIES, { message: 'currency must be an ISO 4217 code in upper case' })
  currency!: string;
}

/** A stored amount (bigint) as GraphQL shows it; beyond 2^53 is a bug, never a rounding. */
export function money(amount: bigint, currency: string): MoneyModel {
  if (amount > BigInt(Number.MAX_SAFE_INTEGER) || amount < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new AppError('INTERNAL', 'An amount does not fit a safe integer');
  }
  return { amount: Number(amount), currency };
}

/** Amounts never mix currencies. */
export function sameCurrency(expected: string, actual: string, field: string): void {
  if (expected !== actual) {
    throw new AppError('BAD_USER_INPUT', `${field} must be in ${expected}, not ${actual}`, {
      errors: { [field]: [`must be in ${expected}`] },
    });
  }
}
