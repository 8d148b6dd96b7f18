// The server's data directory: created on first start (cluster CA, serving certificate,
// admin credentials, service-account key), reused on every later start. Private keys are 0600.

import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { CliError } from '../../errors.js';
import { writeAll } from '../../files.js';
import { Issuer, randomSerial, selfSign } from '../../../pki/issuer.js';
import { parseCertificatesPem, type Certificate } from '../../../pki/certificate.js';
import { createCsr, parseCsr } from '../../../pki/csr.js';
import { decodePrivateKeyPem, encodePrivateKeyPem, generateKeyPair, type KeyType } from '../../../pki/keys.js';
import { buildName } from '../../../pki/name.js';
import { encodePem } from '../../../pki/pem.js';
import { initCaTemplate } from '../../../pki/cfssl/profile.js';
import { resolveUsages } from '../../../pki/usages.js';
import { classifyHosts } from '../../../pki/general-name.js';
import { keyIdOf } from '../../../pki/issuer.js';
import { PkiError } from '../../../pki/errors.js';

/** Where the cluster CA lives; recorded so that restarts reuse an external CA too. */
interface DataDirConfig {
  readonly caCertFile: string;
  readonly caKeyFile: string;
}

/** Everything the server needs from its data directory. */
/** Who the in-process controllers are: their client certificate's subject (CN, O). */
export const controllerUser = { username: 'system:kube-controller-manager', organizations: ['system:masters'] } as const;

export interface DataDir {
  readonly dir: string;
  readonly caCertFile: string;
  readonly caKeyFile: string;
  readonly ca: Certificate;
  readonly caPem: string;
  readonly caKey: KeyObject;
  readonly servingCertPem: string;
  readonly servingKeyPem: string;
  readonly adminCertPem: string;
  readonly adminKeyPem: string;
  readonly serviceAccountKey: KeyObject;
  readonly databaseFile: string;
}

/** Options for the first start. */
export interface DataDirOptions {
  readonly caKeyType: KeyType;
  readonly clusterSigningCertFile?: string;
  readonly clusterSigningKeyFile?: string;
  /** Host names and IPs the serving certificate must cover. */
  readonly servingHosts: readonly string[];
}

const yearMs = 365 * 86400e3;

function readPem(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}

function loadCa(certFile: string, keyFile: string): { ca: Certificate; caPem: string; caKey: KeyObject } {
  const caPem = readPem(certFile, 'cluster signing certificate');
  const certs = parseCertificatesPem(caPem, certFile);
  if (certs.length !== 1) throw new CliError(`${certFile}: expected 1 certificate, found ${certs.length}`);
  const caKey = decodePrivateKeyPem(readPem(keyFile, 'cluster signing key'), keyFile);
  try {
    new Issuer(certs[0]!, caKey);
  } catch {
    throw new CliError(`cluster signing key ${keyFile} does not match the certificate ${certFile}`);
  }
  if (!certs[0]!.basicConstraints?.ca) throw new CliError(`${certFile} is not a CA certificate`);
  return { ca: certs[0]!, caPem, caKey };
}

function newCa(keyType: KeyType, now: Date): { certPem: string; keyPem: string } {
  const { privateKey } = generateKeyPair(keyType);
  const csr = parseCsr(createCsr({ subject: buildName({ CN: 'signet-ca', O: ['signet'] }).raw, privateKey }));
  const ca = selfSign(initCaTemplate(csr.subject.raw, csr.publicKey.raw, [], { pathLenZero: false, expiryMs: 10 * yearMs }, now), privateKey);
  return { certPem: encodePem('CERTIFICATE', ca.raw), keyPem: encodePrivateKeyPem(privateKey) };
}

/** Issues a leaf certificate with a fresh P-256 key from the cluster CA. */
function issueLeaf(issuer: Issuer, cn: string, orgs: string[], usages: string[], hosts: readonly string[], now: Date): { certPem: string; keyPem: string } {
  const { privateKey } = generateKeyPair('ecdsa-p256');
  const csr = parseCsr(createCsr({ subject: buildName({ CN: cn, O: orgs }).raw, privateKey }));
  const u = resolveUsages(usages);
  const notAfter = Math.min(now.getTime() + yearMs, issuer.certificate.notAfter.getTime());
  const der = issuer.issue({
    serialNumber: randomSerial(),
    subject: csr.subject.raw,
    publicKeyInfo: csr.publicKey.raw,
    notBefore: new Date(now.getTime() - 5 * 60e3),
    notAfter: new Date(notAfter),
    keyUsage: u.keyUsage,
    extKeyUsage: u.extKeyUsage,
    basicConstraints: { ca: false },
    sans: classifyHosts(hosts),
    subjectKeyId: keyIdOf(csr.publicKey.raw),
  });
  return { certPem: encodePem('CERTIFICATE', der), keyPem: encodePrivateKeyPem(privateKey) };
}

/** Whether a serving certificate covers every host and is valid for at least a day more. */
function servingCertFits(pem: string, ca: Certificate, hosts: readonly string[], now: Date): boolean {
  try {
    const cert = parseCertificatesPem(pem)[0]!;
    const want = classifyHosts(hosts);
    const covered = want.dns.every((d) => cert.sans.dns.includes(d)) && want.ips.every((ip) => cert.sans.ips.includes(ip));
    return covered && cert.notAfter.getTime() - now.getTime() > 86400e3 && Buffer.compare(cert.issuer.raw, ca.subject.raw) === 0;
  } catch (err) {
    if (err instanceof PkiError) return false;
    throw err;
  }
}

/** Opens `dir`, initialising whatever is missing. */
export function openDataDir(dirArg: string, opts: DataDirOptions, now: Date): DataDir {
  const dir = resolve(dirArg);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const p = (name: string): string => join(dir, name);
  const configFile = p('config.json');
  let config: DataDirConfig;
  if (opts.clusterSigningCertFile || opts.clusterSigningKeyFile) {
    if (!opts.clusterSigningCertFile || !opts.clusterSigningKeyFile) {
      throw new CliError('--cluster-signing-cert-file and --cluster-signing-key-file go together');
    }
    config = { caCertFile: resolve(opts.clusterSigningCertFile), caKeyFile: resolve(opts.clusterSigningKeyFile) };
  } else if (existsSync(configFile)) {
    config = JSON.parse(readFileSync(configFile, 'utf8')) as DataDirConfig;
  } else {
    config = { caCertFile: p('ca.crt'), caKeyFile: p('ca.key') };
    if (!existsSync(config.caCertFile)) {
      const ca = newCa(opts.caKeyType, now);
      writeAll([{ path: config.caCertFile, content: ca.certPem }, { path: config.caKeyFile, content: ca.keyPem, mode: 0o600 }]);
    }
  }
  const { ca, caPem, caKey } = loadCa(config.caCertFile, config.caKeyFile);
  writeFileSync(configFile, JSON.stringify(config, null, 2) + '\n');
  const issuer = new Issuer(ca, caKey);

  const existingServing = existsSync(p('serving.crt')) ? readFileSync(p('serving.crt'), 'utf8') : '';
  if (!existingServing || !existsSync(p('serving.key')) || !servingCertFits(existingServing, ca, opts.servingHosts, now)) {
    const s = issueLeaf(issuer, 'signet-apiserver', [], ['digital signature', 'key encipherment', 'server auth'], opts.servingHosts, now);
    writeAll([{ path: p('serving.crt'), content: s.certPem + caPem }, { path: p('serving.key'), content: s.keyPem, mode: 0o600 }]);
  }
  const existingAdmin = existsSync(p('admin.crt')) ? readFileSync(p('admin.crt'), 'utf8') : '';
  if (!existingAdmin || !existsSync(p('admin.key')) || !servingCertFits(existingAdmin, ca, [], now)) {
    const a = issueLeaf(issuer, 'admin', ['system:masters'], ['digital signature', 'key encipherment', 'client auth'], [], now);
    writeAll([{ path: p('admin.crt'), content: a.certPem }, { path: p('admin.key'), content: a.keyPem, mode: 0o600 }]);
  }
  const existingController = existsSync(p('controller-manager.crt')) ? readFileSync(p('controller-manager.crt'), 'utf8') : '';
  if (!existingController || !existsSync(p('controller-manager.key')) || !servingCertFits(existingController, ca, [], now)) {
    // Until RBAC gives controllers roles of their own, they act with the privileged group.
    const c = issueLeaf(issuer, controllerUser.username, [...controllerUser.organizations], ['digital signature', 'key encipherment', 'client auth'], [], now);
    writeAll([{ path: p('controller-manager.crt'), content: c.certPem }, { path: p('controller-manager.key'), content: c.keyPem, mode: 0o600 }]);
  }
  if (!existsSync(p('sa.key'))) {
    const { privateKey } = generateKeyPair('rsa-2048');
    writeAll([{ path: p('sa.key'), content: encodePrivateKeyPem(privateKey), mode: 0o600 }]);
  }
  for (const key of ['serving.key', 'admin.key', 'controller-manager.key', 'sa.key']) chmodSync(p(key), 0o600);
  return {
    dir,
    caCertFile: config.caCertFile,
    caKeyFile: config.caKeyFile,
    ca,
    caPem,
    caKey,
    servingCertPem: readFileSync(p('serving.crt'), 'utf8'),
    servingKeyPem: readFileSync(p('serving.key'), 'utf8'),
    adminCertPem: readFileSync(p('admin.crt'), 'utf8'),
    adminKeyPem: readFileSync(p('admin.key'), 'utf8'),
    serviceAccountKey: decodePrivateKeyPem(readFileSync(p('sa.key'), 'utf8'), 'service-account key'),
    databaseFile: p('signet.db'),
  };
}
