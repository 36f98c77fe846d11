import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { requestContext } from '@trivance/shared';
import type { FastifyRequest } from 'fastify';
import { Authenticated, Public } from '../auth/access.decorators.js';
import { ConnectionArgs } from '../common/pagination/connection.args.js';
import type { KeysetPage } from '../common/pagination/keyset.js';
import type { Donation, RecurringDonation } from '../generated/prisma/client.js';
import { ViewerService } from '../viewer/viewer.service.js';
import { Donate } from './donate.use-case.js';
import { DonationClaims } from './donation-claims.system-path.js';
import { DonationsRepository } from './donations.repository.js';
import { DonateInput } from './dto/donation.inputs.js';
import {
  DonationConnectionModel,
  DonationModel,
  RecurringDonationConnectionModel,
  RecurringDonationModel,
} from './models/donation.model.js';
import { ChangeRecurringDonation } from './recurring/change-recurring-donation.use-case.js';
import {
  CancelRecurringDonationInput,
  PauseRecurringDonationInput,
  RecurringDonationIdInput,
  UpdateRecurringDonationInput,
} from './recurring/recurring.inputs.js';

/** What donors do: give (signed in or as a guest), see their gifts, manage monthly ones. */
@Resolver(() => DonationModel)
export class MyDonationsResolver {
  constructor(
    private readonly giving: Donate,
    private readonly donations: DonationsRepository,
    private readonly claims: DonationClaims,
    private readonly viewers: ViewerService,
    private readonly recurring: ChangeRecurringDonation,
  ) {}

  @Mutation(() => DonationModel, {
    description:
      'A gift, PENDING until paid. Signed in, or a guest with donorEmail and donorName (ONE_TIME through the hosted checkout; limited per address and email).',
  })
  @Public()
  donate(
    @Args('input') input: DonateInput,
    @Context() context: { request: FastifyRequest },
  ): Promise<DonationModel> {
    return this.giving.execute(input, context.request.ip);
  }

  @Query(() => DonationConnectionModel, {
    description:
      "The caller's gifts, newest first (with those given as a guest to a verified email).",
  })
  @Authenticated()
  async myDonations(@Args() args: ConnectionArgs): Promise<KeysetPage<Donation>> {
    const { userId } = requestContext.principal();
    const account = await this.viewers.account(userId);
    if (account?.emailVerified) await this.claims.claim(userId, account.email);
    return this.donations.pageOfDonor(args);
  }

  @Query(() => RecurringDonationConnectionModel, {
    description: "The caller's monthly gifts, newest first.",
  })
  @Authenticated()
  myRecurringDonations(@Args() args: ConnectionArgs): Promise<KeysetPage<RecurringDonation>> {
    return this.donations.recurringOfDonor(args);
  }

  @Mutation(() => RecurringDonationModel, {
    description: 'ACTIVE → PAUSED, until a date or until resumed; the months paused are skipped.',
  })
  @Authenticated()
  pauseRecurringDonation(
    @Args('input') input: PauseRecurringDonationInput,
  ): Promise<RecurringDonation> {
    return this.recurring.pause(input);
  }

  @Mutation(() => RecurringDonationModel, { description: 'PAUSED → ACTIVE.' })
  @Authenticated()
  resumeRecurringDonation(
    @Args('input') input: RecurringDonationIdInput,
  ): Promise<RecurringDonation> {
    return this.recurring.resume(input);
  }

  @Mutation(() => RecurringDonationModel, {
    description:
      "By the donor, or an admin of the gift's organization. A charge already sent still settles.",
  })
  @Authenticated()
  cancelRecurringDonation(
    @Args('input') input: CancelRecurringDonationInput,
  ): Promise<RecurringDonation> {
    return this.recurring.cancel(input);
  }

  @Mutation(() => RecurringDonationModel, {
    description: 'A new amount (from the next attempt) or a new card.',
  })
  @Authenticated()
  updateRecurringDonation(
    @Args('input') input: UpdateRecurringDonationInput,
  ): Promise<RecurringDonation> {
    return this.recurring.update(input);
  }
}
