// The floor of the cfssl comparison: one Node event loop doing exactly what `cfssl serve` does
// per `POST /api/v1/cfssl/sign` — read the JSON body, parse and verify the PKCS#10 request,
// sign a one-year client certificate with the CA key, answer the PEM — and nothing signet adds
// (no storage, no approval, no watch). It serves HTTPS with client certificates, as signet's API
// must. What this costs per certificate is the least any Node server can spend on an issuance on
// this machine, so a goal below it is out of reach for signet however it is built.
//   node dist/bench/node-sign-server.js SERVING_CERT SERVING_KEY CLIENT_CA CA_CERT CA_KEY

import { createServer } from 'node:https';
import { readFileSync } from 'node:fs';
import { parseCsrPem, verifyCsrSignature } from '../src/pki/csr.js';
import { parseCertificatePem } from '../src/pki/certificate.js';
import { Issuer, keyIdOf, randomSerial } from '../src/pki/issuer.js';
import { decodePrivateKeyPem } from '../src/pki/keys.js';
import { encodePem } from '../src/pki/pem.js';
import { KeyUsageBit } from '../src/pki/extensions/key-usage.js';
import { ExtKeyUsageOid } from '../src/pki/usages.js';

const [servingCert, servingKey, clientCa, caCert, caKey] = process.argv.slice(2).map((f) => readFileSync(f, 'utf8'));
const issuer = new Issuer(parseCertificatePem(caCert!), decodePrivateKeyPem(caKey!));
const year = 8760 * 3600 * 1000;

function sign(body: string): string {
  const { certificate_request: pem } = JSON.parse(body) as { certificate_request: string };
  const csr = parseCsrPem(pem);
  verifyCsrSignature(csr);
  const now = Date.now();
  const der = issuer.issue({
    serialNumber: randomSerial(),
    subject: csr.subject.raw,
    publicKeyInfo: csr.publicKey.raw,
    notBefore: new Date(now),
    notAfter: new Date(now + year),
    keyUsage: KeyUsageBit.digitalSignature | KeyUsageBit.keyEncipherment,
    extKeyUsage: [ExtKeyUsageOid.clientAuth],
    subjectKeyId: keyIdOf(csr.publicKey.raw),
  });
  return JSON.stringify({ success: true, result: { certificate: encodePem('CERTIFICATE', der) }, errors: [], messages: [] });
}

const server = createServer({ cert: servingCert, key: servingKey, ca: clientCa, requestCert: true, rejectUnauthorized: true }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let status = 200;
    let answer: string;
    try {
      answer = sign(Buffer.concat(chunks).toString());
    } catch (err) {
      status = 400;
      answer = JSON.stringify({ success: false, result: null, errors: [{ code: 400, message: String(err) }], messages: [] });
    }
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(answer) });
    res.end(answer);
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`port ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
