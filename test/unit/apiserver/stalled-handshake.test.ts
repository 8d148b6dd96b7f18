// A TLS handshake that stalls (a record header, then silence) is closed at the header limit, as
// kube-apiserver's ReadHeaderTimeout closes it, instead of Node's default two minutes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startBareApiServer } from './bare-api-server.js';

test('a stalled TLS handshake is closed at the header limit', async () => {
  const { port, stop } = await startBareApiServer(async () => {}, { headersTimeoutMs: 500 });
  try {
    const closedBy = await new Promise<string>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        // A handshake record header announcing 512 bytes that never come.
        socket.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00]));
      });
      socket.on('error', () => {});
      // Far beyond the 500 ms limit, far below Node's default of 120 s.
      const guard = setTimeout(() => {
        socket.destroy();
        resolve('the test, after 20 s');
      }, 20_000);
      socket.on('close', () => {
        clearTimeout(guard);
        resolve('the server');
      });
    });
    assert.equal(closedBy, 'the server');
  } finally {
    await stop();
  }
});
