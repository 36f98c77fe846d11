import { createParamDecorator } from '@nestjs/common';
import { type Principal, requestContext } from '@trivance/shared';

/** The verified caller; throws UNAUTHENTICATED if the guard did not authenticate. */
export const CurrentPrincipal = createParamDecorator((): Principal => requestContext.principal());
