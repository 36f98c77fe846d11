import { Module } from '@nestjs/common';
import { OperationLimits } from './operation-limits.js';

@Module({ providers: [OperationLimits], exports: [OperationLimits] })
export class GraphqlLimitsModule {}
