// The closed-loop load generator shared by both sides of the cfssl comparison: `concurrency`
// loops each issue one certificate at a time, bounded in count and in time, while the server's
// CPU (from /proc) and the generator's own CPU (process.cpuUsage) are read around the run.

/** One measured point: a system at one concurrency. */
export interface LoadPoint {
  readonly concurrency: number;
  readonly issued: number;
  readonly errors: number;
  readonly firstError?: string;
  readonly seconds: number;
  /** Certificates per second. */
  readonly rate: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Server CPU (user + system, all threads) per certificate. */
  readonly serverCpuMsPerCert: number;
  /** The load generator's own CPU per certificate. */
  readonly generatorCpuMsPerCert: number;
  /** Generator CPU as a share of generator + server CPU during the run. */
  readonly generatorShare: number;
  /** Server CPU as a share of one core (1.0 = one core busy for the whole run). */
  readonly serverCores: number;
}

/** Bounds of a point. */
export interface LoadBounds {
  readonly concurrency: number;
  readonly maxMs: number;
  readonly maxCount: number;
  /** Stop early after this many failed issues. */
  readonly maxErrors?: number;
}

/** Element `p` percent into an ascending array (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * Runs `issue(i)` from `concurrency` loops until `maxMs` or `maxCount`; `serverCpu` reads the
 * server's CPU seconds. A failed issue is counted, not retried, so a misbehaving server shows up
 * as errors in the table rather than as a hang.
 */
export async function runLoad(issue: (i: number) => Promise<void>, serverCpu: () => number, b: LoadBounds): Promise<LoadPoint> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const maxErrors = b.maxErrors ?? 20;
  const cpu0 = process.cpuUsage();
  const server0 = serverCpu();
  const start = performance.now();
  const deadline = start + b.maxMs;
  const loop = async (): Promise<void> => {
    while (next < b.maxCount && errors < maxErrors && performance.now() < deadline) {
      const i = next++;
      const t0 = performance.now();
      try {
        await issue(i);
        latencies.push(performance.now() - t0);
      } catch (e) {
        errors++;
        firstError ??= e instanceof Error ? e.message : String(e);
      }
    }
  };
  await Promise.all(Array.from({ length: b.concurrency }, loop));
  const seconds = (performance.now() - start) / 1000;
  const serverSeconds = serverCpu() - server0;
  const cpu = process.cpuUsage(cpu0);
  const generatorSeconds = (cpu.user + cpu.system) / 1e6;
  latencies.sort((a, c) => a - c);
  const n = Math.max(1, latencies.length);
  return {
    concurrency: b.concurrency,
    issued: latencies.length,
    errors,
    ...(firstError === undefined ? {} : { firstError }),
    seconds,
    rate: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    serverCpuMsPerCert: (serverSeconds * 1000) / n,
    generatorCpuMsPerCert: (generatorSeconds * 1000) / n,
    generatorShare: generatorSeconds / Math.max(1e-9, generatorSeconds + serverSeconds),
    serverCores: serverSeconds / seconds,
  };
}
