/*
 * Thumbnails and files as blob URLs for <img> and downloads. The core answers their bytes (from its
 * offline cache or the server); each becomes one blob URL shared by everything showing it at the same
 * time, so a list that re-renders does not ask again. A blob pins its bytes in the page until revoked:
 * the URL is revoked when its last holder lets go (unmounted, or showing another file: a queued
 * file's local preview replaced by the server's once it is sent).
 */
import { useEffect, useState } from 'react';
import type { FileRef } from '../../../../shared/protocol';
import { call } from '../../api/client';
import { base64ToBytes } from '../../lib/base64';

/** How long a download's blob outlives the click (the browser reads it after the click returns). */
const DOWNLOAD_URL_LIFETIME_MS = 60_000;

interface Shared {
  url: Promise<string>;
  holders: number;
}

const shared = new Map<string, Shared>();

/** One holder's hold on a blob URL; `release` once, when the URL is no longer shown. */
export interface HeldUrl {
  url: Promise<string>;
  release: () => void;
}

function hold(key: string, fetch: () => Promise<{ mime: string; data: string }>): HeldUrl {
  let entry = shared.get(key);
  if (!entry) {
    const created: Shared = {
      url: fetch().then(({ mime, data }) => URL.createObjectURL(new Blob([base64ToBytes(data)], { type: mime }))),
      holders: 0,
    };
    // a failure (offline, not cached) is asked again next time
    created.url.catch(() => {
      if (shared.get(key) === created) shared.delete(key);
    });
    shared.set(key, (entry = created));
  }
  const held = entry;
  held.holders += 1;
  let released = false;
  return {
    url: held.url,
    release: () => {
      if (released) return;
      released = true;
      held.holders -= 1;
      if (held.holders > 0) return;
      if (shared.get(key) === held) shared.delete(key);
      held.url.then(
        (url) => URL.revokeObjectURL(url),
        () => undefined,
      );
    },
  };
}

/** Holds a blob URL of a file's thumbnail. */
export function holdThumbnailUrl(fileId: string): HeldUrl {
  return hold(`thumbnail:${fileId}`, () => call('file:thumbnail', { fileId }));
}

/** Holds a blob URL of a file's whole content. */
export function holdContentUrl(file: FileRef): HeldUrl {
  return hold(`file:${file.id}`, () => call('file:content', { fileId: file.id, name: file.name }));
}

/** What a component shows: the URL once loaded; `failed` (with why) when it could not be had (offline, never cached). */
interface UrlState {
  url: string | null;
  failed: boolean;
  error: unknown;
}

/** A held blob URL while the component shows it. */
function useHeldUrl(make: () => HeldUrl, key: string): UrlState {
  const [state, setState] = useState<UrlState>({ url: null, failed: false, error: null });
  useEffect(() => {
    let live = true;
    const held = make();
    held.url.then(
      (url) => live && setState({ url, failed: false, error: null }),
      (error: unknown) => live && setState({ url: null, failed: true, error }),
    );
    return () => {
      live = false;
      held.release();
    };
    // `key` names what `make` holds
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state;
}

/** The thumbnail's blob URL once loaded, revoked when no component shows it any more. */
export function useThumbnailUrl(fileId: string): UrlState {
  return useHeldUrl(() => holdThumbnailUrl(fileId), fileId);
}

/** The whole file's blob URL once loaded (the image viewer), revoked when it closes. */
export function useContentUrl(file: FileRef): UrlState {
  return useHeldUrl(() => holdContentUrl(file), file.id);
}

/** Saves a file through the page (the browser host, where the core cannot open it with the system). */
export async function downloadInPage(file: FileRef): Promise<void> {
  const held = holdContentUrl(file);
  try {
    const a = document.createElement('a');
    a.href = await held.url;
    a.download = file.name;
    a.rel = 'noopener';
    document.body.append(a);
    a.click();
    a.remove();
  } finally {
    setTimeout(held.release, DOWNLOAD_URL_LIFETIME_MS);
  }
}

/** Opens a file with the system's application through the core (cached first), else downloads it in the page. */
export async function openFile(file: FileRef): Promise<void> {
  const { opened } = await call('file:open', { fileId: file.id, name: file.name });
  if (!opened) await downloadInPage(file);
}
