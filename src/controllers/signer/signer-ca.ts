// A custom signer's CA: read from its files, or generated once into a directory (0600 key) and
// reused from there on every later start.

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCsr, parseCsr } from '../../pki/csr.js';
import { encodePrivateKeyPem, generateKeyPair } from '../../pki/keys.js';
import { buildName } from '../../pki/name.js';
import { encodePem } from '../../pki/pem.js';
import { selfSign } from '../../pki/issuer.js';
import { initCaTemplate } from '../../pki/cfssl/profile.js';
import type { CustomSignerConfig } from '../config.js';

/** The CA's PEM texts. */
export interface CaPems {
  readonly certPem: string;
  readonly keyPem: string;
}

/** Writes a file atomically (temporary name, then rename). */
function writeAtomically(path: string, content: string, mode: number): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode });
  renameSync(tmp, path);
}

/** The CA of `signer`, generating it on first use when the configuration asks for that. */
export function signerCa(signer: CustomSignerConfig, now: Date): CaPems {
  if ('certFile' in signer.ca) {
    return { certPem: readFileSync(signer.ca.certFile, 'utf8'), keyPem: readFileSync(signer.ca.keyFile, 'utf8') };
  }
  const { keyType, dir } = signer.ca.generate;
  const base = join(dir, signer.name.replace(/[^A-Za-z0-9.-]/g, '_'));
  const certFile = `${base}.crt`;
  const keyFile = `${base}.key`;
  if (existsSync(certFile) && existsSync(keyFile)) return { certPem: readFileSync(certFile, 'utf8'), keyPem: readFileSync(keyFile, 'utf8') };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPair(keyType);
  const subject = buildName({ CN: signer.name, O: ['signet'] }).raw;
  const csr = parseCsr(createCsr({ subject, privateKey }));
  const ca = selfSign(initCaTemplate(csr.subject.raw, csr.publicKey.raw, [], { pathLenZero: true, expiryMs: 10 * 365 * 86400e3 }, now), privateKey);
  const pems = { certPem: encodePem('CERTIFICATE', ca.raw), keyPem: encodePrivateKeyPem(privateKey) };
  writeAtomically(keyFile, pems.keyPem, 0o600);
  writeAtomically(certFile, pems.certPem, 0o644);
  return pems;
}
