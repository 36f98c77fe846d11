import { Global, Module } from '@nestjs/common';
import { PasswordHasher } from './password-hasher.js';
import { PasswordPolicy } from './password-policy.js';
import { StrengthEstimator } from './strength-estimator.js';

/** Password hashing and policy, shared by the HTTP flows and the command line. */
@Global()
@Module({
  providers: [PasswordHasher, PasswordPolicy, StrengthEstimator],
  exports: [PasswordHasher, PasswordPolicy],
})
export class PasswordCoreModule {}
