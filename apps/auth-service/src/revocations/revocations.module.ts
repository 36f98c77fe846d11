import { Global, Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module.js';
import { KeyRevocationListener } from './key-revocation-listener.js';
import { RevocationPublisher } from './revocation-publisher.js';

@Global()
@Module({
  imports: [KeysModule],
  providers: [RevocationPublisher, KeyRevocationListener],
  exports: [RevocationPublisher],
})
export class RevocationsModule {}
