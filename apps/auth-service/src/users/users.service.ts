import { Injectable } from '@nestjs/common';
import { AppError } from '@trivance/shared';
import { MembershipsRepository } from '../memberships/memberships.repository.js';
import type { MeDto } from './dto/responses.dto.js';
import { UsersRepository } from './users.repository.js';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly memberships: MembershipsRepository,
  ) {}

  async profile(userId: string): Promise<MeDto> {
    const user = await this.users.findById(userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'The account no longer exists');
    const memberships = await this.memberships.listForUser(userId);
    return {
      id: String(user._id),
      email: user.email,
      name: user.name,
      emailVerified: user.emailVerifiedAt !== null,
      platformRole: user.platformRole ?? null,
      memberships: memberships.map((m) => ({ organizationId: m.organizationId, role: m.role })),
      createdAt: user.createdAt,
    };
  }
}
