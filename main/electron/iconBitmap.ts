/*
 * Draws the Tributary mark (two white streams on a teal disc) as a raw BGRA bitmap, so the tray and
 * badge icons need no image files inside the package. build/generateIcons.mjs draws the same mark
 * for the installers' icons.
 */

const TEAL = [0x0f, 0x76, 0x6e] as const;
const RED = [0xdc, 0x26, 0x26] as const;
const SAMPLES = 4;

function insideMark(x: number, y: number): 'teal' | 'white' | null {
  const dx = x - 0.5;
  const dy = y - 0.5;
  if (dx * dx + dy * dy > 0.47 * 0.47) return null;
  for (const [offset, phase] of [
    [0.38, 0],
    [0.62, 0],
  ] as const) {
    const wave = offset + 0.08 * Math.sin((x * 2 + phase) * Math.PI);
    if (Math.abs(y - wave) < 0.055 && x > 0.12 && x < 0.88) return 'white';
  }
  return 'teal';
}

/** The mark at `size`×`size` pixels in BGRA order (nativeImage.createFromBitmap's format); `dot` adds an unread dot. */
export function drawAppIcon(size: number, options: { dot?: boolean } = {}): Buffer {
  const out = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SAMPLES; sy += 1) {
        for (let sx = 0; sx < SAMPLES; sx += 1) {
          const x = (px + (sx + 0.5) / SAMPLES) / size;
          const y = (py + (sy + 0.5) / SAMPLES) / size;
          const ddx = x - 0.8;
          const ddy = y - 0.2;
          const inDot = options.dot === true && ddx * ddx + ddy * ddy < 0.2 * 0.2;
          const color = inDot
            ? RED
            : insideMark(x, y) === 'white'
              ? ([255, 255, 255] as const)
              : insideMark(x, y) === 'teal'
                ? TEAL
                : null;
          if (color === null) continue;
          r += color[0];
          g += color[1];
          b += color[2];
          a += 1;
        }
      }
      const i = (py * size + px) * 4;
      const n = SAMPLES * SAMPLES;
      // Premultiplied by coverage, as Skia's N32 bitmaps expect.
      out[i] = Math.round(b / n);
      out[i + 1] = Math.round(g / n);
      out[i + 2] = Math.round(r / n);
      out[i + 3] = Math.round((a / n) * 255);
    }
  }
  return out;
}
