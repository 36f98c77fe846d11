import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Authenticated } from '../../auth/access.decorators.js';
import { RegisterDeviceInput, UnregisterDeviceInput } from './dto/push-device.inputs.js';
import { PushDeviceModel } from './models/push-device.model.js';
import { PushDevices } from './push-devices.service.js';

/** The mobile app's devices for push notifications, for any signed-in account. */
@Resolver(() => PushDeviceModel)
export class PushDevicesResolver {
  constructor(private readonly devices: PushDevices) {}

  @Mutation(() => PushDeviceModel, {
    description:
      'Registers this installation for push; a token registered by another account moves to this one.',
  })
  @Authenticated()
  registerDevice(@Args('input') input: RegisterDeviceInput): Promise<PushDeviceModel> {
    return this.devices.register(input.token, input.platform);
  }

  @Mutation(() => PushDeviceModel, { description: "Stops push to one of the caller's devices." })
  @Authenticated()
  unregisterDevice(@Args('input') input: UnregisterDeviceInput): Promise<PushDeviceModel> {
    return this.devices.unregister(input.token);
  }
}
