/*
 * Summarizes a V8 .cpuprofile (from `node --cpu-prof`): self time per function and inclusive time of
 * the functions whose names match a filter, so a missed target can be traced to the code that costs.
 *   npx tsx bench/tools/profileSummary.ts <file.cpuprofile> [--top 25] [--match upsertMessage,applyEvents]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/** Self and inclusive milliseconds per "function file:line". */
export function summarizeProfile(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }): {
  totalMs: number;
  self: Map<string, number>;
  inclusive: Map<string, number>;
} {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: ProfileNode): string => {
    const file = n.callFrame.url.replace(/^.*\/work\/main\//, '').replace(/^file:\/\//, '');
    return `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    totalMs += ms;
    const node = byId.get(id);
    if (!node) return;
    self.set(label(node), (self.get(label(node)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur)!);
      if (seen.has(l)) continue;
      seen.add(l);
      inclusive.set(l, (inclusive.get(l) ?? 0) + ms);
    }
  });
  return { totalMs, self, inclusive };
}

function main(): void {
  const [file, ...rest] = process.argv.slice(2);
  if (!file) {
    console.error('usage: profileSummary.ts <file.cpuprofile> [--top N] [--match a,b]');
    process.exit(2);
  }
  const top = Number(rest[rest.indexOf('--top') + 1] ?? 25) || 25;
  const match = rest.includes('--match') ? (rest[rest.indexOf('--match') + 1] ?? '').split(',') : [];
  const { totalMs, self, inclusive } = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')));
  const pct = (ms: number): string => `${((ms / totalMs) * 100).toFixed(1).padStart(5)}%`;
  console.log(`total ${Math.round(totalMs)} ms\n\nself time:`);
  for (const [l, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${pct(ms)} ${Math.round(ms).toString().padStart(7)} ms  ${l}`);
  if (match.length > 0) {
    console.log('\ninclusive time:');
    for (const [l, ms] of [...inclusive]
      .filter(([l]) => match.some((m) => l.startsWith(`${m} `)))
      .sort((a, b) => b[1] - a[1]))
      console.log(`${pct(ms)} ${Math.round(ms).toString().padStart(7)} ms  ${l}`);
  }
}

main();
