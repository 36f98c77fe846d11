import { AppError } from '@trivance/shared';
import { ILLEGAL_STATE_TRANSITION } from '../events/event-status.js';
import type { PublicationKind, PublicationStatus } from '../generated/prisma/enums.js';
import {
  PUBLICATION_IMAGE_ALT_REQUIRED,
  PUBLICATION_IMAGE_REQUIRED,
  PUBLICATION_VIDEO_URL_REQUIRED,
  PUBLICATION_WINDOW_ENDED,
  PUBLICATION_WINDOW_INVALID,
} from './publication-reasons.js';

/** What a publication says once a create or an update is applied. */
export interface PublicationContent {
  kind: PublicationKind;
  title: string;
  imageUrl: string | null;
  imageAlt: string | null;
  videoUrl: string | null;
  publishAt: Date | null;
  unpublishAt: Date | null;
}

const refuse = (field: string, reason: string, message: string) =>
  new AppError('BAD_USER_INPUT', message, { reason, errors: { [field]: [message] } });

/**
 * The rules that hold across fields (the database checks the same ones), on
 * the whole publication as it would be saved, so an update cannot break one by
 * changing a single field.
 */
export function assertPublicationContent(content: PublicationContent): void {
  if (content.title.trim().length === 0) {
    throw new AppError('BAD_USER_INPUT', 'A title cannot be blank', {
      errors: { title: ['must not be blank'] },
    });
  }
  if (content.kind === 'BANNER' && !content.imageUrl) {
    throw refuse('imageUrl', PUBLICATION_IMAGE_REQUIRED, 'A banner needs an image');
  }
  if (content.imageUrl && !content.imageAlt?.trim()) {
    throw refuse(
      'imageAlt',
      PUBLICATION_IMAGE_ALT_REQUIRED,
      'An image needs its alternative text (what it shows)',
    );
  }
  if (content.kind === 'VIDEO' && !content.videoUrl) {
    throw refuse('videoUrl', PUBLICATION_VIDEO_URL_REQUIRED, 'A video needs its video URL');
  }
  if (content.publishAt && content.unpublishAt && content.unpublishAt <= content.publishAt) {
    throw refuse('unpublishAt', PUBLICATION_WINDOW_INVALID, 'unpublishAt must be after publishAt');
  }
}

/** DRAFT → PUBLISHED and back; a window that already closed is not worth publishing. */
export function assertCanPublish(
  status: PublicationStatus,
  unpublishAt: Date | null,
  now: Date,
): void {
  if (status !== 'DRAFT') {
    throw new AppError('CONFLICT', `A publication that is ${status} cannot be published`, {
      reason: ILLEGAL_STATE_TRANSITION,
    });
  }
  if (unpublishAt && unpublishAt <= now) {
    throw new AppError('CONFLICT', 'Its unpublishAt has passed: nobody would see it', {
      reason: PUBLICATION_WINDOW_ENDED,
    });
  }
}

export function assertCanUnpublish(status: PublicationStatus): void {
  if (status !== 'PUBLISHED') {
    throw new AppError('CONFLICT', `A publication that is ${status} cannot be unpublished`, {
      reason: ILLEGAL_STATE_TRANSITION,
    });
  }
}
