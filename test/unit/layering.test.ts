import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The layers, lowest first; a file may import only from its own layer or those below it.
const layers = ['pki', 'api', 'runtime', 'storage', 'apiserver', 'controllers', 'cli'];
// Controllers reach objects only through the client seam (api/client.ts), never the database or
// the API server's internals: they must run as well against any Kubernetes API server.
const forbidden: Readonly<Record<string, readonly string[]>> = { controllers: ['storage', 'apiserver'] };
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

test('imports only point down the layers, controllers reach neither storage nor the API server, and pki and api do no I/O', () => {
  const violations: string[] = [];
  for (const file of sources(root)) {
    const layer = layerOf(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) {
        const target = layerOf(resolve(dirname(file), spec));
        if (layers.indexOf(target) > layers.indexOf(layer)) violations.push(`${relative(root, file)} (${layer}) imports ${spec} (${target})`);
        if (forbidden[layer]?.includes(target)) violations.push(`${relative(root, file)} (${layer}) may not import ${spec} (${target})`);
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
