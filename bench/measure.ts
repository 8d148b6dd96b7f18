// Benchmark helpers: rate measurement bounded in time and count, and A/B rounds so that a
// ratio is taken between runs made side by side on a noisy shared machine.

/** Runs `fn` repeatedly for about `ms` milliseconds (at most `maxOps` calls); returns ops/s. */
export function rate(fn: () => void, ms: number, maxOps = 10_000_000): number {
  // Warm up so the JIT has compiled the path being measured.
  for (let i = 0; i < 50; i++) fn();
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(ms) * 1_000_000n;
  let ops = 0;
  let now = start;
  while (ops < maxOps) {
    for (let i = 0; i < 16; i++) fn();
    ops += 16;
    now = process.hrtime.bigint();
    if (now >= deadline) break;
  }
  return ops / (Number(now - start) / 1e9);
}

/** Median of numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Result of an A/B comparison. */
export interface Comparison {
  readonly name: string;
  readonly baseline: number;
  readonly subject: number;
  /** Median of the per-round ratios subject/baseline. */
  readonly ratio: number;
}

/** Alternates baseline and subject for `rounds` rounds of `ms` each; ratio per round, median overall. */
export function compare(name: string, baseline: () => void, subject: () => void, rounds = 5, ms = 400): Comparison {
  const b: number[] = [];
  const s: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const rb = rate(baseline, ms);
    const rs = rate(subject, ms);
    b.push(rb);
    s.push(rs);
    r.push(rs / rb);
  }
  return { name, baseline: median(b), subject: median(s), ratio: median(r) };
}

/** Formats ops/s for a table. */
export function perSecond(x: number): string {
  return `${Math.round(x).toLocaleString('en-US')}/s`;
}
