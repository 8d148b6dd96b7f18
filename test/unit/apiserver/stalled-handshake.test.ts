// A TLS handshake that stalls (a record header, then silence) is closed at the header limit, as
// kube-apiserver's ReadHeaderTimeout closes it, instead of Node's default two minutes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiServer } from '../../../src/apiserver/server.js';
import { silentLogger } from '../../../src/apiserver/log.js';
import { x509Authenticator } from '../../../src/apiserver/authn/x509.js';
import { mastersAuthorizer } from '../../../src/apiserver/authz/authorizer.js';
import { openDataDir } from '../../../src/cli/commands/serve/data-dir.js';

test('a stalled TLS handshake is closed at the header limit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'signet-handshake-'));
  const dataDir = openDataDir(join(dir, 'data'), { caKeyType: 'ecdsa-p256', servingHosts: ['127.0.0.1'] }, new Date());
  const server = new ApiServer({
    tls: { certPem: dataDir.servingCertPem, keyPem: dataDir.servingKeyPem, clientCaPem: dataDir.caPem },
    authenticator: x509Authenticator([dataDir.ca]),
    authorizer: mastersAuthorizer,
    resources: async () => {},
    log: silentLogger,
    limits: { headersTimeoutMs: 500 },
  });
  const { port } = await server.listen('127.0.0.1', 0);
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
    await server.close(100);
    rmSync(dir, { recursive: true, force: true });
  }
});
