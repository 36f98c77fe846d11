import { Global, Module } from '@nestjs/common';
import { SeatPoolLoader } from './seat-pool.loader.js';
import { SeatPools } from './seat-pools.js';

@Global()
@Module({ providers: [SeatPools, SeatPoolLoader], exports: [SeatPools, SeatPoolLoader] })
export class InventoryModule {}
