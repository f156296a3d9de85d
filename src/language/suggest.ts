/**
 * Closest-name suggestions for misspellings (unknown fields and constants).
 */

/** Edit distance between two strings, case-insensitive, capped at `max + 1`. */
export function distance(a: string, b: string, max = 8): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  if (Math.abs(s.length - t.length) > max) return max + 1;
  let prev = Array.from({ length: t.length + 1 }, (_, i) => i);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= t.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[t.length]!;
}

/** Up to `n` names from `pool` closest to `name`, nearest first; only plausible ones. */
export function closest(name: string, pool: readonly string[], n = 3): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3));
  return pool
    .map((p) => ({ p, d: distance(name, p, limit) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || a.p.localeCompare(b.p))
    .slice(0, n)
    .map((x) => x.p);
}
