import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

/*
 * The main window's size and position across launches, in a small JSON file in userData. A saved
 * position that is no longer on any display (a monitor was unplugged) is dropped so the window never
 * opens off-screen.
 */

const windowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof windowStateSchema>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1200, height: 800, maximized: false };

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Reads the saved state; anything missing, damaged or off every display falls back to defaults. */
export function loadWindowState(file: string, workAreas: readonly Rect[]): WindowState {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
  const parsed = windowStateSchema.safeParse(raw);
  if (!parsed.success) return { ...DEFAULT_WINDOW_STATE };
  const state = parsed.data;
  if (state.x === undefined || state.y === undefined)
    return { width: state.width, height: state.height, maximized: state.maximized };
  const rect = { x: state.x, y: state.y, width: state.width, height: state.height };
  if (!workAreas.some((area) => overlaps(rect, area)))
    return { width: state.width, height: state.height, maximized: state.maximized };
  return state;
}

/** Writes the state; a failed write only costs the remembered position, never the app. */
export function saveWindowState(file: string, state: WindowState): void {
  try {
    writeFileSync(file, JSON.stringify(state));
  } catch {
    // Read-only profile or full disk: not worth interrupting the user for.
  }
}
