/** Path of a Chromium to drive: a path, `undefined` to use Playwright's own download, `null` if CHROMIUM_PATH is wrong. */
export function findChromium(): string | null | undefined;
/** One line telling how to get a Chromium. */
export const CHROMIUM_HINT: string;
/** Launch flags for headless Chromium here (no sandbox as root, no GPU, no background networking). */
export const CHROMIUM_ARGS: string[];
