// A watch's bytes on the wire: chunked framing over HTTP/1.1 (one chunk per event, written
// straight to the connection) and plain streaming for an HTTP/1.0 client, each event a whole line.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:tls';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serverForSuite, type TestServer } from './server-harness.js';
import { csrManifest } from './kubectl-helpers.js';
import { opensslKeyAndCsr } from './csr-fixtures.js';

let server: TestServer;
serverForSuite((s) => (server = s));

/** Opens a watch with a raw request line, creates `name`, and returns what arrived until the event did. */
async function rawWatch(httpVersion: string, name: string): Promise<string> {
  const socket = connect({
    host: '127.0.0.1', port: server.port, ca: readFileSync(join(server.dataDir, 'ca.crt')),
    cert: readFileSync(join(server.dataDir, 'admin.crt')), key: readFileSync(join(server.dataDir, 'admin.key')), servername: 'localhost',
  });
  let received = '';
  const arrived = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no event within 10 s; got:\n${received}`)), 10_000);
    socket.on('data', (d: Buffer) => {
      received += d.toString('latin1');
      if (received.includes(`"name":"${name}"`) && /\n(\r\n)?$/.test(received)) {
        clearTimeout(timer);
        resolve();
      }
    });
    socket.on('error', reject);
  });
  await new Promise<void>((resolve) => socket.once('secureConnect', () => resolve()));
  socket.write(`GET /apis/certificates.k8s.io/v1/certificatesigningrequests?watch=true&fieldSelector=metadata.name%3D${name} HTTP/${httpVersion}\r\nHost: localhost\r\n\r\n`);
  // The watch is registered once its headers are back.
  for (let i = 0; i < 500 && !received.includes('\r\n\r\n'); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(received.includes('\r\n\r\n'), `no headers within 10 s: ${received}`);
  const { csrPem } = opensslKeyAndCsr(server.dir, name, `/CN=${name}`);
  assert.equal(server.kubectl(['create', '-f', '-'], { input: csrManifest(name, Buffer.from(csrPem).toString('base64')) }).status, 0);
  await arrived;
  socket.destroy();
  return received;
}

test('HTTP/1.1: each event is one chunk whose size is its line\'s length', async () => {
  const raw = await rawWatch('1.1', 'wire-chunked');
  const [head, body] = raw.split('\r\n\r\n');
  assert.match(head!, /^HTTP\/1\.1 200 /);
  assert.match(head!, /\r\ntransfer-encoding: chunked/i);
  const m = /^([0-9a-f]+)\r\n([\s\S]*?)\r\n$/.exec(body!);
  assert.ok(m, `one chunk: ${JSON.stringify(body)}`);
  assert.equal(parseInt(m[1]!, 16), Buffer.byteLength(m[2]!, 'latin1'));
  const event = JSON.parse(m[2]!) as { type: string; object: { metadata: { name: string } } };
  assert.deepEqual([event.type, event.object.metadata.name], ['ADDED', 'wire-chunked']);
});

test('HTTP/1.0: events stream as plain lines', async () => {
  const raw = await rawWatch('1.0', 'wire-plain');
  const [head, body] = raw.split('\r\n\r\n');
  assert.match(head!, /^HTTP\/1\.1 200 /);
  const event = JSON.parse(body!.trim()) as { type: string; object: { metadata: { name: string } } };
  assert.deepEqual([event.type, event.object.metadata.name], ['ADDED', 'wire-plain']);
});
