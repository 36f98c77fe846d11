import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** Events already appended to the stream (by any instance), and the relay's checkpoint. */
@Schema({ collection: 'relayed_events', versionKey: false })
export class RelayedEvent {
  /** The event id, or `checkpoint` for the relay's progress marker. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: Date, required: true })
  at!: Date;
}

export const RelayedEventSchema = SchemaFactory.createForClass(RelayedEvent);
RelayedEventSchema.index({ at: 1 }, { name: 'at' });
