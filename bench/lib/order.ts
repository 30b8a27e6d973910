/*
 * Run order for contenders measured side by side: on a shared machine a burst of someone else's work
 * lands on whoever runs at that moment, so the order is shuffled rather than fixed.
 */

/** A copy of `xs` in a random order (Fisher–Yates) drawn from `random`. */
export function shuffled<T>(xs: readonly T[], random: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
