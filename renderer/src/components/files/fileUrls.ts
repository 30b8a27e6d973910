/*
 * Thumbnails and files as blob URLs for <img> and downloads. The core answers their bytes (from its
 * offline cache or the server); each becomes one blob URL, kept for the session, so a list that
 * re-renders does not ask again. Bytes stay in the page only as these blobs.
 */
import { useEffect, useState } from 'react';
import type { FileRef } from '../../../../shared/protocol';
import { call } from '../../api/client';
import { base64ToBytes } from '../../lib/base64';

const urls = new Map<string, Promise<string>>();

function load(key: string, fetch: () => Promise<{ mime: string; data: string }>): Promise<string> {
  let url = urls.get(key);
  if (!url) {
    url = fetch().then(({ mime, data }) => URL.createObjectURL(new Blob([base64ToBytes(data)], { type: mime })));
    // a failure (offline, not cached) is asked again next time
    url.catch(() => urls.delete(key));
    urls.set(key, url);
  }
  return url;
}

/** A blob URL of a file's thumbnail. */
export function thumbnailUrl(fileId: string): Promise<string> {
  return load(`thumbnail:${fileId}`, () => call('file:thumbnail', { fileId }));
}

/** A blob URL of a file's whole content. */
export function contentUrl(file: FileRef): Promise<string> {
  return load(`file:${file.id}`, () => call('file:content', { fileId: file.id, name: file.name }));
}

/** The thumbnail's blob URL once loaded; `failed` when it could not be had (offline and never cached). */
export function useThumbnailUrl(fileId: string): { url: string | null; failed: boolean } {
  const [state, setState] = useState<{ url: string | null; failed: boolean }>({ url: null, failed: false });
  useEffect(() => {
    let live = true;
    thumbnailUrl(fileId).then(
      (url) => live && setState({ url, failed: false }),
      () => live && setState({ url: null, failed: true }),
    );
    return () => {
      live = false;
    };
  }, [fileId]);
  return state;
}

/** Saves a file through the page (the browser host, where the core cannot open it with the system). */
export async function downloadInPage(file: FileRef): Promise<void> {
  const a = document.createElement('a');
  a.href = await contentUrl(file);
  a.download = file.name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}

/** Opens a file with the system's application through the core (cached first), else downloads it in the page. */
export async function openFile(file: FileRef): Promise<void> {
  const { opened } = await call('file:open', { fileId: file.id, name: file.name });
  if (!opened) await downloadInPage(file);
}
