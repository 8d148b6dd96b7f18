import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

// The API layer may import only the PKI layer, itself, and the YAML reader (js-yaml); and it must do no I/O
// and read no clock (time and randomness are passed in).

const root = resolve(process.cwd(), 'src/api');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

for (const file of sources(root)) {
  const name = relative(root, file);
  const text = readFileSync(file, 'utf8');
  test(`${name} imports only pki, api and js-yaml`, () => {
    for (const [, spec] of text.matchAll(/from '([^']+)'/g)) {
      if (spec === 'js-yaml') continue;
      assert.ok(spec!.startsWith('.'), `${name} imports ${spec}`);
      const target = relative(resolve(process.cwd(), 'src'), resolve(file, '..', spec!));
      assert.match(target, /^(api|pki)\//, `${name} imports ${spec}`);
    }
  });
  test(`${name} does no I/O and reads no clock`, () => {
    assert.doesNotMatch(text, /\bprocess\.|Date\.now\(|new Date\(\)|Math\.random\(/);
  });
}
