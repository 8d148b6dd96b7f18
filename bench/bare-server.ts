// The baseline server for the API benchmark: HTTPS with client certificates on the same
// machine, doing only the work a CSR create cannot avoid — read the body, parse the JSON,
// decode and verify the PKCS#10 request — and answering 201. signet's create rate is
// reported against this one's. It is also the floor of watch fan-out: `GET …?watch=true` holds a
// chunked response open, and a PATCH writes one event line, with a new resourceVersion, to every
// held response at once — the least work a server can do to tell a thousand watchers.

import { createServer } from 'node:https';
import type { ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { parseCsrPem, verifyCsrSignature } from '../src/pki/csr.js';

const [certFile, keyFile, caFile] = process.argv.slice(2);
const watchers = new Set<ServerResponse>();
let revision = 1;

const server = createServer({ cert: readFileSync(certFile!), key: readFileSync(keyFile!), ca: readFileSync(caFile!), requestCert: true, rejectUnauthorized: true }, (req, res) => {
  if (req.url?.includes('watch=true')) {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.flushHeaders();
    watchers.add(res);
    res.on('close', () => watchers.delete(res));
    return;
  }
  if (req.method === 'PATCH') {
    req.resume();
    req.on('end', () => {
      const object = `{"metadata":{"resourceVersion":"${++revision}"}}`;
      const line = `{"type":"MODIFIED","object":${object}}\n`;
      for (const w of watchers) w.write(line);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(object) });
      res.end(object);
    });
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const obj = JSON.parse(Buffer.concat(chunks).toString()) as { metadata: { resourceVersion?: string }; spec: { request: string } };
    verifyCsrSignature(parseCsrPem(Buffer.from(obj.spec.request, 'base64').toString()));
    obj.metadata.resourceVersion = '1';
    const body = JSON.stringify(obj);
    res.writeHead(201, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`port ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
