// An API server as `signet serve` puts it together (a fresh data dir, SQLite, admission, RBAC),
// for unit tests that send it requests in-process through ApiServer.handle, and for controllers
// run against it with the in-process client.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingHttpHeaders } from 'node:http';
import { startApiServer, type RunningServer } from '../../../src/apiserver/start.js';
import { silentLogger } from '../../../src/runtime/log.js';
import { openDataDir } from '../../../src/cli/commands/serve/data-dir.js';
import { InProcessClient } from '../../../src/apiserver/in-process-client.js';
import type { UserInfo } from '../../../src/api/types.js';
import type { CsrController } from '../../../src/controllers/csr-controller.js';

export const admin: UserInfo = { username: 'admin', groups: ['system:masters', 'system:authenticated'] };
/** The controllers' user as `signet serve` runs them (system:masters). */
export const servedControllers: UserInfo = { username: 'system:kube-controller-manager', groups: ['system:masters', 'system:authenticated'] };
/** The same user without system:masters: what RBAC's bootstrap policy grants it, nothing more. */
export const controllerManager: UserInfo = { username: 'system:kube-controller-manager', groups: ['system:authenticated'] };

export const csrPath = '/apis/certificates.k8s.io/v1/certificatesigningrequests';

/** An answer, its body parsed as JSON. */
export interface JsonAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly json: Record<string, any>;
}

/** A running server and the means to drive it. */
export interface HandleServer {
  readonly dir: string;
  readonly dataDir: ReturnType<typeof openDataDir>;
  readonly running: RunningServer;
  /** The CA's key, for a signer. */
  readonly caKeyPem: string;
  /** One request as `user`; an object body is sent as JSON. */
  send(user: UserInfo, method: string, path: string, body?: object, headers?: Record<string, string>): Promise<JsonAnswer>;
  /** A client acting as `user` on the registry's own path, as the controllers inside `signet serve` do. */
  client(user: UserInfo): InProcessClient;
  close(): Promise<void>;
}

export async function startHandleServer(): Promise<HandleServer> {
  const dir = mkdtempSync(join(tmpdir(), 'signet-handle-'));
  const dataDir = openDataDir(join(dir, 'data'), { caKeyType: 'ecdsa-p256', servingHosts: ['127.0.0.1'] }, new Date());
  const running = await startApiServer({ dataDir, host: '127.0.0.1', port: 0, log: silentLogger });
  return {
    dir,
    dataDir,
    running,
    caKeyPem: readFileSync(dataDir.caKeyFile, 'utf8'),
    async send(user, method, path, body, headers = {}) {
      const answer = await running.server.handle(user, {
        method, path, headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: answer.status, headers: answer.headers, json: JSON.parse(answer.body.toString()) as Record<string, any> };
    },
    client(user) {
      return new InProcessClient({ registry: running.registry, authorizer: running.authorizer, user, userAgent: 'signet-controllers', freeze: true });
    },
    async close() {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `controller` once over the requests there are now: started, its informer's first list
 * taken, its queue run dry, stopped. No clock: it ends when the work does.
 */
export async function runOnce(controller: CsrController): Promise<void> {
  controller.start();
  try {
    await controller.informer.synced;
    await controller.queue.whenIdle();
  } finally {
    await controller.stop();
  }
}
