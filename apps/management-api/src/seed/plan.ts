import {
  CITIES,
  EMAIL_DOMAINS,
  GIVEN_NAMES_FEMALE,
  GIVEN_NAMES_MALE,
  ORGANIZATION_KINDS,
  ORGANIZATION_NAMES,
  SURNAMES,
} from './names.js';
import { objectId, Random, uuidv7 } from './random.js';

/** Seeded data ends here, so the same seed gives the same rows on any day. */
export const SEED_EPOCH_END = Date.UTC(2026, 10, 1);
const DAY_MS = 86_400_000;
/** Members join over the three years before SEED_EPOCH_END. */
export const SEED_SPAN_MS = 3 * 365 * DAY_MS;

export interface SeedParameters {
  organizations: number;
  users: number;
  /** Members of the first (largest) organization; the rest are shared out unevenly. */
  largestOrganization?: number;
  seed: string;
}

export interface PlannedOrganization {
  index: number;
  id: string;
  name: string;
  slug: string;
  createdAt: number;
  members: number;
  /** Members of the organizations before this one: numbers emails uniquely. */
  offset: number;
}

export interface SeedPlan {
  parameters: SeedParameters;
  organizations: PlannedOrganization[];
  totalMembers: number;
}

/** Decides every organization and its member count; deterministic in the parameters. */
export function planSeed(parameters: SeedParameters): SeedPlan {
  const { organizations: count, users, largestOrganization, seed } = parameters;
  if (!Number.isSafeInteger(count) || count < 1) throw new Error('--orgs must be at least 1');
  if (!Number.isSafeInteger(users) || users < 0) throw new Error('--users must be 0 or more');
  const sizes = shareOut(new Random(`${seed}:sizes`), count, users, largestOrganization);
  const organizations: PlannedOrganization[] = [];
  let offset = 0;
  for (let index = 0; index < count; index++) {
    const random = new Random(`${seed}:organization:${index}`);
    const createdAt =
      SEED_EPOCH_END - SEED_SPAN_MS - 30 * DAY_MS + random.int(210 * DAY_MS) + random.int(1000);
    const id = uuidv7(createdAt, random);
    const name = `${random.pick(ORGANIZATION_KINDS)} ${random.pick(ORGANIZATION_NAMES)} ${random.pick(CITIES)}`;
    const slug = `${slugify(name).slice(0, 50).replace(/-+$/, '')}-${id.slice(-8)}`;
    const members = sizes[index] ?? 0;
    organizations.push({ index, id, name, slug, createdAt, members, offset });
    offset += members;
  }
  return { parameters, organizations, totalMembers: offset };
}

/**
 * Splits `total` members over `count` organizations: the first gets
 * `largest` when given, the others a long-tailed share (a few big
 * organizations, many small ones), none more than the first.
 */
function shareOut(random: Random, count: number, total: number, largest?: number): number[] {
  if (largest !== undefined) {
    if (!Number.isSafeInteger(largest) || largest < 0 || largest > total) {
      throw new Error('--largest-org must be between 0 and --users');
    }
    if (count === 1 && largest !== total) {
      throw new Error('with one organization, --largest-org must equal --users');
    }
    if (count > 1 && total - largest > largest * (count - 1)) {
      throw new Error('--largest-org is too small to be the largest organization');
    }
  }
  const sizes = new Array<number>(count).fill(0);
  const first = largest === undefined ? 0 : 1;
  if (largest !== undefined) sizes[0] = largest;
  const rest = total - (largest ?? 0);
  const others = count - first;
  if (others === 0) return sizes;
  const weights = Array.from(
    { length: others },
    (_, i) => (0.5 + random.next()) / Math.pow(i + 1, 0.9),
  );
  const cap = largest ?? Number.POSITIVE_INFINITY;
  let remaining = rest;
  let open = weights.map((_, i) => i);
  // Proportional shares, capped at the largest organization's size.
  while (remaining > 0 && open.length > 0) {
    const weightSum = open.reduce((sum, i) => sum + weights[i]!, 0);
    let given = 0;
    const stillOpen: number[] = [];
    for (const i of open) {
      const share = Math.floor((remaining * weights[i]!) / weightSum);
      const room = cap - sizes[first + i]!;
      const amount = Math.min(share, room);
      sizes[first + i]! += amount;
      given += amount;
      if (sizes[first + i]! < cap) stillOpen.push(i);
    }
    remaining -= given;
    open = stillOpen;
    if (given === 0) {
      // Rounding left a few: one each to the heaviest open organizations.
      for (const i of open) {
        if (remaining === 0) break;
        sizes[first + i]! += 1;
        remaining -= 1;
      }
      open = open.filter((i) => sizes[first + i]! < cap);
    }
  }
  return sizes;
}

export function slugify(text: string): string {
  return stripAccents(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

const ROLE_ADMIN_BELOW = 0.01;
const ROLE_MODERATOR_BELOW = 0.05;
const VERIFIED_BELOW = 0.85;

/** Columns of member_profiles in the order the rows below are written. */
export const MEMBER_COLUMNS = [
  'id',
  'organization_id',
  'user_id',
  'email',
  'name',
  'role',
  'email_verified',
  'created_at',
  'updated_at',
] as const;

// Pre-computed name parts: the display form and the e-mail form.
interface NamePart {
  display: string;
  local: string;
}
const toParts = (names: readonly string[]): NamePart[] =>
  names.map((display) => ({ display, local: slugify(display).replace(/-/g, '') }));
const FEMALE = toParts(GIVEN_NAMES_FEMALE);
const MALE = toParts(GIVEN_NAMES_MALE);
const SURNAME = toParts(SURNAMES);

/**
 * The member rows of one organization as COPY text (tab-separated lines), in
 * chunks of about `rowsPerChunk` rows. The first member is the organization's
 * founding admin; later members join more often as the organization grows.
 */
export function* memberRows(
  seed: string,
  organization: PlannedOrganization,
  rowsPerChunk = 2000,
): Generator<string> {
  const random = new Random(`${seed}:members:${organization.index}`);
  const start = organization.createdAt;
  const span = Math.max(SEED_EPOCH_END - start, 1);
  let chunk = '';
  let inChunk = 0;
  for (let i = 0; i < organization.members; i++) {
    const createdAt = i === 0 ? start : start + Math.floor(span * Math.sqrt(random.next()));
    const roll = random.next();
    const role =
      i === 0 || roll < ROLE_ADMIN_BELOW
        ? 'ADMIN'
        : roll < ROLE_MODERATOR_BELOW
          ? 'MODERATOR'
          : 'USER';
    const verified = role !== 'USER' || random.next() < VERIFIED_BELOW;
    const given = random.next() < 0.5 ? FEMALE : MALE;
    const first = random.pick(given);
    const second = random.next() < 0.3 ? random.pick(given) : undefined;
    const surname = random.pick(SURNAME);
    const secondSurname = random.next() < 0.7 ? random.pick(SURNAME) : undefined;
    const name =
      first.display +
      (second && second !== first ? ` ${second.display}` : '') +
      ` ${surname.display}` +
      (secondSurname ? ` ${secondSurname.display}` : '');
    const number = organization.offset + i + 1;
    const email = `${first.local}.${surname.local}${number}@${random.pick(EMAIL_DOMAINS)}`;
    const updatedAt =
      random.next() < 0.2
        ? createdAt + Math.floor((SEED_EPOCH_END - createdAt) * random.next())
        : createdAt;
    const id = uuidv7(createdAt, random);
    const userId = objectId(createdAt, random);
    chunk += `${id}\t${organization.id}\t${userId}\t${email}\t${name}\t${role}\t${verified ? 't' : 'f'}\t${new Date(createdAt).toISOString()}\t${new Date(updatedAt).toISOString()}\n`;
    if (++inChunk === rowsPerChunk) {
      yield chunk;
      chunk = '';
      inChunk = 0;
    }
  }
  if (chunk) yield chunk;
}

/** The organizations as COPY text (id, name, slug, created_at, updated_at). */
export function organizationRows(plan: SeedPlan): string {
  return plan.organizations
    .map((o) => {
      const at = new Date(o.createdAt).toISOString();
      return `${o.id}\t${o.name}\t${o.slug}\t${at}\t${at}\n`;
    })
    .join('');
}
