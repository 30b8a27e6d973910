/*
 * What an upload is, judged by its bytes and never by its name: the type from `file-type`'s magic
 * numbers, and for the image types we preview, the size and a thumbnail made by `sharp`.
 */
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';

/** Bytes `file-type` needs to recognise every type it knows. */
export const SNIFF_BYTES = 4100;
/** Longest side of a thumbnail in pixels. */
export const THUMBNAIL_MAX_PX = 320;
/**
 * Largest image we decode for a thumbnail (width × height): a 40-megapixel photo is fine, a small PNG
 * that claims 100 000 × 100 000 pixels (a decompression bomb) is refused before it is decoded.
 */
export const MAX_IMAGE_PIXELS = 40_000_000;

const UNKNOWN_MIME = 'application/octet-stream';

/** Image types we make thumbnails of (and browsers may show inline: no scripts in them, unlike SVG). */
export const PREVIEW_MIME_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);

/** The type of content from its first bytes; 'application/octet-stream' when unknown. */
export async function detectMime(head: Uint8Array): Promise<string> {
  const found = await fileTypeFromBuffer(head);
  return found?.mime ?? UNKNOWN_MIME;
}

/** An image's dimensions and its thumbnail (WebP), or null when it cannot or must not be decoded. */
export interface ImageInfo {
  width: number;
  height: number;
  thumbnail: Buffer;
}

/** Decodes a preview-type image (first frame of an animation) under the pixel limit; null for anything else. */
export async function inspectImage(bytes: Buffer, mime: string): Promise<ImageInfo | null> {
  if (!PREVIEW_MIME_TYPES.has(mime)) return null;
  try {
    const image = sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' });
    const meta = await image.metadata();
    if (!meta.width || !meta.height) return null;
    // autoOrient: a phone photo's EXIF rotation is applied, so the preview stands the right way up
    const thumbnail = await image
      .autoOrient()
      .resize({ width: THUMBNAIL_MAX_PX, height: THUMBNAIL_MAX_PX, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
    const rotated = (meta.orientation ?? 1) >= 5;
    return { width: rotated ? meta.height : meta.width, height: rotated ? meta.width : meta.height, thumbnail };
  } catch {
    // corrupt, truncated, or over the pixel limit: kept as a plain file, without a preview
    return null;
  }
}
