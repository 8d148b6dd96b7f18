// What the `signet pki` commands share: loading cfssl inputs and CA material, making keys and
// requests, and emitting results as cfssl JSON or as files.

import type { KeyObject } from 'node:crypto';
import { readText, type OutputFile } from '../../files.js';
import { CliError } from '../../errors.js';
import type { FlagSpec } from '../../flags.js';
import { parseJsonText } from '../../../pki/cfssl/json.js';
import { resolveCfsslRequest, type CfsslRequest } from '../../../pki/cfssl/csr-json.js';
import { defaultSigningConfig, resolveSigningConfig, type SigningConfig } from '../../../pki/cfssl/config-json.js';
import { Issuer } from '../../../pki/issuer.js';
import { parseCertificatesPem } from '../../../pki/certificate.js';
import { decodePrivateKeyPem, encodePrivateKeyPem, generateKeyPair } from '../../../pki/keys.js';
import { buildName } from '../../../pki/name.js';
import { classifyHosts } from '../../../pki/general-name.js';
import { createCsr, parseCsr, type CertificateRequest } from '../../../pki/csr.js';
import { encodePem } from '../../../pki/pem.js';

/** The flags of a command that signs with a CA under a cfssl profile (gencert and sign). */
export const signingFlags: Readonly<Record<string, FlagSpec>> = {
  ca: { value: 'FILE', help: 'CA certificate (PEM)' },
  'ca-key': { value: 'FILE', help: 'CA private key (PEM)' },
  config: { value: 'FILE', help: 'signing configuration (cfssl ca-config.json)' },
  profile: { value: 'NAME', help: 'signing profile from the configuration' },
};

/** Reads and resolves a cfssl CSR JSON file. */
export function loadRequest(path: string): CfsslRequest {
  return resolveCfsslRequest(parseJsonText(readText(path, 'CSR JSON'), path), path);
}

/** Reads a cfssl signing configuration, or cfssl's default when no file is given. */
export function loadSigningConfig(path: string | undefined): SigningConfig {
  if (!path) return defaultSigningConfig();
  return resolveSigningConfig(parseJsonText(readText(path, 'signing configuration'), path), path);
}

/** Loads a CA certificate and key into an Issuer; both are required together. */
export function loadIssuer(caPath: string | undefined, caKeyPath: string | undefined): Issuer {
  if (!caPath || !caKeyPath) throw new CliError('both -ca and -ca-key are required to sign (or use -initca for a new CA)');
  const certs = parseCertificatesPem(readText(caPath, 'CA certificate'), `CA certificate ${caPath}`);
  if (certs.length !== 1) throw new CliError(`CA certificate ${caPath}: expected 1 certificate, found ${certs.length}`);
  const key = decodePrivateKeyPem(readText(caKeyPath, 'CA key'), `CA key ${caKeyPath}`);
  try {
    return new Issuer(certs[0]!, key);
  } catch (err) {
    throw new CliError(`CA key ${caKeyPath} does not match the CA certificate ${caPath}`);
  }
}

/** A fresh key and the request signed with it. */
export interface KeyAndRequest {
  readonly privateKey: KeyObject;
  readonly keyPem: string;
  readonly csr: CertificateRequest;
  readonly csrPem: string;
}

/** Generates the request's key and a PKCS#10 request carrying its subject and hosts. */
export function newKeyAndRequest(req: CfsslRequest, privateKey?: KeyObject): KeyAndRequest {
  const key = privateKey ?? generateKeyPair(req.keyType).privateKey;
  const der = createCsr({ subject: buildName(req.subject).raw, privateKey: key, sans: classifyHosts(req.hosts) });
  return { privateKey: key, keyPem: encodePrivateKeyPem(key), csr: parseCsr(der), csrPem: encodePem('CERTIFICATE REQUEST', der) };
}

/** cfssl's JSON result: compact, keys sorted as Go's encoder sorts map keys. */
export function cfsslJson(result: Record<string, string>): string {
  const sorted = Object.fromEntries(Object.entries(result).sort(([a], [b]) => (a < b ? -1 : 1)));
  return JSON.stringify(sorted) + '\n';
}

/** The files `cfssljson -bare PREFIX` writes for a result: PREFIX.pem, PREFIX-key.pem, PREFIX.csr. */
export function bareFiles(prefix: string, result: { cert?: string; key?: string; csr?: string }): OutputFile[] {
  const files: OutputFile[] = [];
  if (result.cert) files.push({ path: `${prefix}.pem`, content: result.cert });
  if (result.key) files.push({ path: `${prefix}-key.pem`, content: result.key, mode: 0o600 });
  if (result.csr) files.push({ path: `${prefix}.csr`, content: result.csr });
  return files;
}

/** Splits cfssl's comma-separated `-hostname`. */
export function splitHosts(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',').map((h) => h.trim()).filter((h) => h !== '');
}
