import { Global, Module } from '@nestjs/common';
import { BalanceResolver } from './balance.resolver.js';
import { Ledger } from './ledger.js';

@Global()
@Module({ providers: [Ledger, BalanceResolver], exports: [Ledger] })
export class LedgerModule {}
