// Summarises V8 .cpuprofile files (node --cpu-prof) into the top functions by self and by
// inclusive time, so the report can say where the server's time goes. Also a script:
//   node dist/bench/cpu-profile.js DIR [TOP]

import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/** One function's share of a profile. */
export interface FunctionTime {
  readonly name: string;
  /** For self time: the callers it was most often sampled under, with their share. */
  readonly callers?: string;
  readonly ms: number;
  /** Share of the profile's busy (non-idle) samples. */
  readonly share: number;
}

/** The summary of one profile file (one thread). */
export interface ProfileSummary {
  readonly file: string;
  readonly busyMs: number;
  readonly idleMs: number;
  /** Whether only samples inside a time window were counted. */
  readonly windowed: boolean;
  readonly topSelf: FunctionTime[];
  readonly topInclusive: FunctionTime[];
  /** Self time grouped by where the code lives (src/<dir>, a package, node internals, native). */
  readonly byArea: FunctionTime[];
  /** Self and inclusive share of busy time for each function name asked for (by name prefix). */
  readonly focus: Record<string, { self: number; inclusive: number }>;
}

/** The part of the code base a frame belongs to: src/<dir>, a package, node, or native work. */
function area(f: ProfileNode['callFrame'], root: string): string {
  const url = f.url.replace(/^file:\/\//, '').replace(root + '/', '');
  const src = /^dist\/src\/([^/]+)\//.exec(url);
  if (src) return `src/${src[1]}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return `package ${pkg[1]}`;
  if (url.startsWith('node:')) return `node ${url.slice(5).split('/').slice(0, 2).join('/')}`;
  if (url === '') return `native ${f.functionName}`;
  return url;
}

function label(f: ProfileNode['callFrame'], root: string): string {
  const url = f.url.replace(/^file:\/\//, '').replace(root + '/', '');
  const where = url ? ` ${url}:${f.lineNumber + 1}` : '';
  return `${f.functionName || '(anonymous)'}${where}`;
}

/** A time window in microseconds of the monotonic clock (process.hrtime), which V8 profiles use too. */
export interface Window { readonly fromUs: number; readonly toUs: number }

/** Sample counts per node id, only inside `window` when it overlaps the profile. */
function hitsPerNode(p: { startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }, window?: Window): { hits: Map<number, number>; windowed: boolean } {
  const hits = new Map<number, number>();
  const windowed = window !== undefined && window.fromUs < p.endTime && window.toUs > p.startTime;
  let t = p.startTime;
  p.samples.forEach((id, i) => {
    t += p.timeDeltas[i] ?? 0;
    if (windowed && (t < window!.fromUs || t > window!.toUs)) return;
    hits.set(id, (hits.get(id) ?? 0) + 1);
  });
  return { hits, windowed };
}

/** Summarises one .cpuprofile; names are relative to `root` (the repository). */
export function summariseProfile(path: string, root: string, top = 15, window?: Window, focusNames: readonly string[] = []): ProfileSummary {
  const p = JSON.parse(readFileSync(path, 'utf8')) as { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };
  const byId = new Map<number, ProfileNode>(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const usPerSample = (p.endTime - p.startTime) / Math.max(1, p.samples.length);
  const { hits: hitMap, windowed } = hitsPerNode(p, window);
  const self = new Map<string, number>();
  const callers = new Map<string, Map<string, number>>();
  const inclusive = new Map<string, number>();
  const areas = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  for (const n of p.nodes) {
    const hits = hitMap.get(n.id) ?? 0;
    if (hits === 0) continue;
    if (n.callFrame.functionName === '(idle)') {
      idle += hits;
      continue;
    }
    busy += hits;
    const name = label(n.callFrame, root);
    self.set(name, (self.get(name) ?? 0) + hits);
    const a = area(n.callFrame, root);
    areas.set(a, (areas.get(a) ?? 0) + hits);
    // The nearest caller outside the function and node's own internals says who asked for it.
    let up = parent.get(n.id);
    // The benchmark's own crypto-count wrapper is skipped too: it is not the server's caller.
    while (up !== undefined && /^node:|^$|bench\/crypto-count/.test(byId.get(up)!.callFrame.url) && byId.get(up)!.callFrame.functionName !== '(root)') up = parent.get(up);
    const caller = up === undefined ? '(root)' : label(byId.get(up)!.callFrame, root);
    const cm = callers.get(name) ?? new Map<string, number>();
    cm.set(caller, (cm.get(caller) ?? 0) + hits);
    callers.set(name, cm);
    // A recursive function is counted once per sample however often it is on the stack.
    const seen = new Set<string>();
    for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id)!.callFrame;
      if (f.functionName === '(root)') continue;
      const l = label(f, root);
      if (seen.has(l)) continue;
      seen.add(l);
      inclusive.set(l, (inclusive.get(l) ?? 0) + hits);
    }
  }
  const callerText = (name: string, hits: number): string => [...(callers.get(name) ?? [])]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 2)
    .map(([c, h]) => `${c} (${Math.round((100 * h) / hits)}%)`)
    .join('; ');
  const rank = (m: Map<string, number>, withCallers: boolean): FunctionTime[] => [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, hits]) => ({ name, ms: (hits * usPerSample) / 1000, share: hits / Math.max(1, busy), ...(withCallers ? { callers: callerText(name, hits) } : {}) }));
  const focus: ProfileSummary['focus'] = {};
  const sumOf = (m: Map<string, number>, prefix: string): number => [...m].filter(([n]) => n.startsWith(prefix)).reduce((a, [, h]) => a + h, 0) / Math.max(1, busy);
  for (const f of focusNames) focus[f] = { self: sumOf(self, f), inclusive: Math.min(1, sumOf(inclusive, f)) };
  return { file: path, busyMs: (busy * usPerSample) / 1000, idleMs: (idle * usPerSample) / 1000, windowed, topSelf: rank(self, true), topInclusive: rank(inclusive, false), byArea: rank(areas, false), focus };
}

/** Summarises every .cpuprofile in `dir` (one per thread), busiest first. */
export function summariseProfiles(dir: string, root: string, top = 15, window?: Window, focusNames: readonly string[] = []): ProfileSummary[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => summariseProfile(join(dir, f), root, top, window, focusNames))
    .sort((a, b) => b.busyMs - a.busyMs);
}

/** Markdown tables for a summary. */
export function profileMarkdown(s: ProfileSummary, top = 15): string[] {
  const cell = (x: string): string => x.replace(/\|/g, '\\|');
  const row = (f: FunctionTime): string => `| ${cell(f.name)} | ${f.ms.toFixed(0)} | ${(f.share * 100).toFixed(1)}% |${f.callers === undefined ? '' : ` ${cell(f.callers)} |`}`;
  return [
    `Busy ${s.busyMs.toFixed(0)} ms, idle ${s.idleMs.toFixed(0)} ms${s.windowed ? ' (samples inside the measured point only)' : ' (whole profile)'}.`,
    '',
    '| top self | ms | share of busy | sampled under (nearest non-node caller) |',
    '|---|---|---|---|',
    ...s.topSelf.slice(0, top).map(row),
    '',
    '| self time by area | ms | share of busy |',
    '|---|---|---|',
    ...s.byArea.slice(0, top).map(row),
    '',
    '| top inclusive | ms | share of busy |',
    '|---|---|---|',
    ...s.topInclusive.slice(0, top).map(row),
  ];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node dist/bench/cpu-profile.js DIR [TOP]');
    process.exit(2);
  }
  const root = resolve(fileURLToPath(import.meta.url), '../../..');
  for (const s of summariseProfiles(dir, root, Number(process.argv[3] ?? 15))) {
    console.log(`\n## ${s.file}\n`);
    console.log(profileMarkdown(s).join('\n'));
  }
}
