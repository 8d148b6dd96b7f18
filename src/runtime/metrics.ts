// Metrics in the Prometheus text exposition format (version 0.0.4), without a client library:
// counters, gauges computed at scrape time, and histograms, each with labels.

type Labels = Readonly<Record<string, string>>;

function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

interface Family {
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
}

/** The default latency buckets, in seconds. */
export const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A registry of metric families. */
export class Metrics {
  readonly #families = new Map<string, Family>();
  readonly #counters = new Map<string, Map<string, number>>();
  readonly #histograms = new Map<string, Map<string, { buckets: number[]; sum: number; count: number; bounds: readonly number[] }>>();
  readonly #gauges = new Map<string, () => readonly { labels: Labels; value: number }[]>();

  #family(name: string, help: string, type: Family['type']): void {
    if (!this.#families.has(name)) this.#families.set(name, { help, type });
  }

  /** Adds `by` to a counter. */
  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    this.#family(name, help, 'counter');
    const series = this.#counters.get(name) ?? new Map<string, number>();
    this.#counters.set(name, series);
    const key = labelText(labels);
    series.set(key, (series.get(key) ?? 0) + by);
  }

  /** Records one observation in a histogram. */
  observe(name: string, help: string, labels: Labels, value: number, bounds: readonly number[] = latencyBuckets): void {
    this.#family(name, help, 'histogram');
    const series = this.#histograms.get(name) ?? new Map();
    this.#histograms.set(name, series);
    const key = labelText(labels);
    const h = series.get(key) ?? { buckets: bounds.map(() => 0), sum: 0, count: 0, bounds };
    series.set(key, h);
    for (let i = 0; i < bounds.length; i++) if (value <= bounds[i]!) h.buckets[i]!++;
    h.sum += value;
    h.count++;
  }

  /** A gauge whose series are computed when scraped. */
  gauge(name: string, help: string, read: () => readonly { labels: Labels; value: number }[]): void {
    this.#family(name, help, 'gauge');
    this.#gauges.set(name, read);
  }

  /** Drops a gauge (its source went away, e.g. controllers that stopped leading). */
  removeGauge(name: string): void {
    this.#gauges.delete(name);
    this.#families.delete(name);
  }

  /** The exposition text. */
  render(): string {
    const out: string[] = [];
    for (const [name, f] of this.#families) {
      out.push(`# HELP ${name} ${f.help}`, `# TYPE ${name} ${f.type}`);
      if (f.type === 'counter') for (const [labels, v] of this.#counters.get(name) ?? []) out.push(`${name}${labels} ${v}`);
      if (f.type === 'gauge') for (const s of this.#gauges.get(name)?.() ?? []) out.push(`${name}${labelText(s.labels)} ${s.value}`);
      if (f.type === 'histogram') {
        for (const [labels, h] of this.#histograms.get(name) ?? []) {
          const inner = labels ? labels.slice(1, -1) + ',' : '';
          h.bounds.forEach((b, i) => out.push(`${name}_bucket{${inner}le="${b}"} ${h.buckets[i]}`));
          out.push(`${name}_bucket{${inner}le="+Inf"} ${h.count}`, `${name}_sum${labels} ${h.sum}`, `${name}_count${labels} ${h.count}`);
        }
      }
    }
    return out.join('\n') + '\n';
  }
}
