// An ApiServer on 127.0.0.1 with a fresh data dir's TLS material, masters-only authorization and
// the given handler and limits: for tests of what the HTTPS front does by itself.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiServer, type Limits, type ResourceHandler } from '../../../src/apiserver/server.js';
import { silentLogger } from '../../../src/runtime/log.js';
import { x509Authenticator } from '../../../src/apiserver/authn/x509.js';
import { mastersAuthorizer } from '../../../src/apiserver/authz/authorizer.js';
import { openDataDir } from '../../../src/cli/commands/serve/data-dir.js';

/** A listening server, the admin credentials to call it with, and its removal. */
export interface BareApiServer {
  readonly port: number;
  readonly dataDir: ReturnType<typeof openDataDir>;
  stop(): Promise<void>;
}

export async function startBareApiServer(resources: ResourceHandler, limits: Partial<Limits>): Promise<BareApiServer> {
  const dir = mkdtempSync(join(tmpdir(), 'signet-bare-api-'));
  const dataDir = openDataDir(join(dir, 'data'), { caKeyType: 'ecdsa-p256', servingHosts: ['127.0.0.1'] }, new Date());
  const server = new ApiServer({
    tls: { certPem: dataDir.servingCertPem, keyPem: dataDir.servingKeyPem, clientCaPem: dataDir.caPem },
    authenticator: x509Authenticator([dataDir.ca]),
    authorizer: mastersAuthorizer,
    resources,
    log: silentLogger,
    limits,
  });
  const { port } = await server.listen('127.0.0.1', 0);
  server.setReady(true);
  return {
    port,
    dataDir,
    async stop() {
      await server.close(100);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
