import { Global, Module } from '@nestjs/common';
import { AuthClient } from './auth-client.js';

@Global()
@Module({ providers: [AuthClient], exports: [AuthClient] })
export class AuthClientModule {}
