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
  try {
    // decoded once: the larger size as raw pixels, then both sizes encoded from those
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' })
      .autoOrient()
      .resize({ width: PROFILE_PHOTO.largePx, height: PROFILE_PHOTO.largePx, fit: 'cover', position: 'centre' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const pixels = () => sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
    return {
      small: await pixels()
        .resize({ width: PROFILE_PHOTO.smallPx, height: PROFILE_PHOTO.smallPx, fit: 'cover' })
        .webp({ quality: 82 })
        .toBuffer(),
      large: await pixels().webp({ quality: 82 }).toBuffer(),
    };
  } catch {
    // corrupt, truncated, or a decompression bomb over the pixel limit
    throw new UnusablePhotoError('the image could not be read');
  }
}
