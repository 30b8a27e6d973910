import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { languageSettingSchema, notifyLevelSchema, themeSchema } from '../../shared/ipc/accounts';
import { writePrivateFile } from './secrets';

/*
 * The app-wide settings (theme, the global notification level, the answer to the plain token storage
 * question) in a small JSON file in the data folder. Per-stream notification levels belong to an
 * account and live in its cache.
 */

const appSettingsSchema = z.object({
  theme: themeSchema.default('system'),
  /** Kept here, not per account: the person at this computer reads one language. */
  language: languageSettingSchema.default('system'),
  notify: notifyLevelSchema.default('mentions'),
  /** Asked once where tokens would be stored in plain text: keep them there, or sign in after each restart. */
  plainTokens: z.enum(['store', 'dontStore']).nullable().default(null),
});
export type AppSettings = z.infer<typeof appSettingsSchema>;

const settingsFile = (dataDir: string): string => join(dataDir, 'settings.json');

/** The defaults: system theme and language, notify on mentions, plain token question not answered. */
export const DEFAULT_APP_SETTINGS: AppSettings = appSettingsSchema.parse({});

/** Reads the settings; missing or unreadable fields take their defaults. */
export async function loadAppSettings(dataDir: string): Promise<AppSettings> {
  const text = await readFile(settingsFile(dataDir), 'utf8').catch(() => null);
  if (text === null) return DEFAULT_APP_SETTINGS;
  try {
    const parsed = appSettingsSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : DEFAULT_APP_SETTINGS;
  } catch {
    return DEFAULT_APP_SETTINGS;
  }
}

/** Writes the settings atomically. */
export async function saveAppSettings(dataDir: string, settings: AppSettings): Promise<void> {
  await writePrivateFile(settingsFile(dataDir), `${JSON.stringify(settings, null, 2)}\n`);
}
