import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'auth:isPublic';

/** Opts a route out of the global deny-by-default guard. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
