import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ensureCollection } from '../database/ensure-collection.js';
import { SessionStepUp } from './session-step-up.schema.js';

@Injectable()
export class SessionStepUpsRepository implements OnModuleInit {
  constructor(@InjectModel(SessionStepUp.name) private readonly stepUps: Model<SessionStepUp>) {}

  async onModuleInit(): Promise<void> {
    await ensureCollection(this.stepUps);
  }

  async record(data: Omit<SessionStepUp, '_id'>): Promise<void> {
    await this.stepUps.create(data);
  }

  /** The newest step-up of a session, if it had one. */
  latest(sessionId: string): Promise<SessionStepUp | null> {
    return this.stepUps.findOne({ sessionId }).sort({ authTime: -1 }).lean<SessionStepUp>().exec();
  }

  async purgeExpired(now: Date): Promise<number> {
    const result = await this.stepUps.deleteMany({ expiresAt: { $lt: now } }).exec();
    return result.deletedCount;
  }
}
