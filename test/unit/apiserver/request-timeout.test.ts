// A request that outlives the server's request timeout gets one 504, and when its body never
// arrived the connection is closed after it, so Node's own request timeout cannot answer the
// same request a second time.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:tls';
import { startBareApiServer } from './bare-api-server.js';

test('a request whose body never comes gets one 504 and its connection is closed', async () => {
  // A handler that waits for a body that will not come.
  const { port, dataDir, stop } = await startBareApiServer((ctx) => new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve())), { requestTimeoutMs: 300 });
  try {
    const received = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, ca: dataDir.caPem, cert: dataDir.adminCertPem, key: dataDir.adminKeyPem }, () => {
        socket.write('POST /apis/certificates.k8s.io/v1/certificatesigningrequests HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"kind":');
      });
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (d: string) => (text += d));
      socket.on('error', reject);
      // Bounded: Node's own request timeout (the limit plus 5 s) would answer within about 7 s.
      const guard = setTimeout(() => socket.destroy(), 15_000);
      socket.on('close', () => {
        clearTimeout(guard);
        resolve(text);
      });
    });
    const statusLines = received.split('\r\n').filter((l) => /^HTTP\/1\.1 \d{3}/.test(l));
    assert.deepEqual(statusLines, ['HTTP/1.1 504 Gateway Timeout']);
    assert.match(received, /\r\nConnection: close\r\n/i);
    assert.match(received, /"reason":"Timeout"/);
  } finally {
    await stop();
  }
});
