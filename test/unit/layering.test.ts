import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The layers, lowest first; a file may import only from its own layer or those below it.
const layers = ['pki', 'api', 'storage', 'apiserver', 'controllers', 'cli'];
// The pure layers do no I/O: no file system, network, processes, or process state.
const pureLayers = new Set(['pki', 'api']);
const ioModules = /^node:(fs|net|http|https|http2|tls|child_process|dgram|dns|cluster|worker_threads|readline)(\/|$)/;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

function layerOf(path: string): string {
  return relative(root, path).split('/')[0]!;
}

test('every source file belongs to a known layer', () => {
  for (const file of sources(root)) assert.ok(layers.includes(layerOf(file)), `${relative(root, file)} is outside the layers`);
});

test('imports only point down the layers, and pki and api do no I/O', () => {
  const violations: string[] = [];
  for (const file of sources(root)) {
    const layer = layerOf(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) {
        const target = layerOf(resolve(dirname(file), spec));
        if (layers.indexOf(target) > layers.indexOf(layer)) violations.push(`${relative(root, file)} (${layer}) imports ${spec} (${target})`);
      } else if (pureLayers.has(layer) && ioModules.test(spec)) {
        violations.push(`${relative(root, file)} (${layer}) imports ${spec}`);
      }
    }
    if (pureLayers.has(layer) && /\bprocess\.(env|argv|stdout|stderr|exit|cwd)/.test(text)) {
      violations.push(`${relative(root, file)} (${layer}) reads process state`);
    }
  }
  assert.deepEqual(violations, []);
});
