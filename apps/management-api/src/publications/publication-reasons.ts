/** DOMAIN.md refusal reasons for publications (`extensions.reason`). */

/** `unpublishAt` is not after `publishAt` (BAD_USER_INPUT). */
export const PUBLICATION_WINDOW_INVALID = 'PUBLICATION_WINDOW_INVALID';
/** Publishing one whose `unpublishAt` has already passed: nobody would see it (CONFLICT). */
export const PUBLICATION_WINDOW_ENDED = 'PUBLICATION_WINDOW_ENDED';
/** An image without its alternative text (BAD_USER_INPUT). */
export const PUBLICATION_IMAGE_ALT_REQUIRED = 'PUBLICATION_IMAGE_ALT_REQUIRED';
/** A BANNER without an image (BAD_USER_INPUT). */
export const PUBLICATION_IMAGE_REQUIRED = 'PUBLICATION_IMAGE_REQUIRED';
/** A VIDEO without its video URL (BAD_USER_INPUT). */
export const PUBLICATION_VIDEO_URL_REQUIRED = 'PUBLICATION_VIDEO_URL_REQUIRED';
