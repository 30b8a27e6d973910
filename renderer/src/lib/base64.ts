/*
 * Base64 both ways for file bytes crossing the IPC (chunks of an upload, a thumbnail coming back).
 * Built on btoa/atob over binary strings made in slices, so a 512 KB chunk never becomes one giant
 * argument list.
 */

const SLICE = 0x8000;

/** Bytes as base64. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += SLICE) binary += String.fromCharCode(...bytes.subarray(i, i + SLICE));
  return btoa(binary);
}

/** Base64 as bytes. */
export function base64ToBytes(data: string): Uint8Array<ArrayBuffer> {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
