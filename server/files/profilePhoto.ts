/*
 * Making a profile photo of an uploaded image: its type judged by its bytes (`file-type`), then
 * decoded by `sharp` under the same pixel limit as thumbnails, turned the right way up, cropped to
 * the middle square and kept in two sizes as WebP (no EXIF, no location: only pixels survive).
 */
import sharp from 'sharp';
import { PROFILE_PHOTO } from '../../shared/protocol/index';
import { detectMime, MAX_IMAGE_PIXELS } from './inspect';

export interface PhotoSizes {
  small: Buffer;
  large: Buffer;
}

/** Why an image cannot be a photo, for the INVALID answer. */
export class UnusablePhotoError extends Error {}

/** The two sizes of a photo made from `bytes`; throws UnusablePhotoError for anything but a decodable image. */
export async function makeProfilePhoto(bytes: Buffer): Promise<PhotoSizes> {
  const mime = await detectMime(bytes);
  if (!(PROFILE_PHOTO.types as readonly string[]).includes(mime))
    throw new UnusablePhotoError(`a photo is a JPEG, PNG, WebP or GIF image, not ${mime}`);
  const square = (px: number) =>
    sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' })
      .autoOrient()
      .resize({ width: px, height: px, fit: 'cover', position: 'centre' })
      .webp({ quality: 82 })
      .toBuffer();
  try {
    return { small: await square(PROFILE_PHOTO.smallPx), large: await square(PROFILE_PHOTO.largePx) };
  } catch {
    // corrupt, truncated, or a decompression bomb over the pixel limit
    throw new UnusablePhotoError('the image could not be read');
  }
}
