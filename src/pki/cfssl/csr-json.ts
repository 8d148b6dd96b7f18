// cfssl's CSR JSON (`ca-csr.json`, `admin-csr.json`, ...) resolved into what signet issues from.
// Mirrors cfssl csr/csr.go (CertificateRequest, Name, KeyRequest, CAConfig).

import { PkiError } from '../errors.js';
import { keyTypeFromAlgo, type KeyType } from '../keys.js';
import type { SubjectFields } from '../name.js';
import { asObject, optionalString, optionalStrings } from './json.js';
import { parseGoDuration } from './duration.js';

/** CA settings of an `-initca` request. */
export interface CfsslCaOptions {
  readonly pathLen?: number;
  readonly pathLenZero: boolean;
  readonly expiryMs?: number;
}

/** A resolved cfssl certificate request. */
export interface CfsslRequest {
  readonly subject: SubjectFields;
  /** cfssl `hosts`: DNS names, IPs, e-mail addresses, URIs. */
  readonly hosts: readonly string[];
  readonly keyType: KeyType;
  readonly ca?: CfsslCaOptions;
}

const nameFields = ['C', 'ST', 'L', 'O', 'OU'] as const;

/** Resolves a parsed CSR JSON document; `what` names the file for errors. */
export function resolveCfsslRequest(json: unknown, what: string): CfsslRequest {
  const doc = asObject(json, what);
  const fields: Record<(typeof nameFields)[number], string[]> = { C: [], ST: [], L: [], O: [], OU: [] };
  let serialNumber = optionalString(doc, 'serialnumber', what);
  const names = doc['names'];
  if (names !== undefined && names !== null) {
    if (!Array.isArray(names)) throw new PkiError('config', `${what}: "names" must be a list of objects`);
    names.forEach((entry, i) => {
      const name = asObject(entry, `${what}: names[${i}]`);
      for (const f of nameFields) {
        const v = optionalString(name, f, `${what}: names[${i}]`);
        if (v) fields[f].push(v);
      }
      serialNumber ??= optionalString(name, 'SerialNumber', `${what}: names[${i}]`);
    });
  }
  const key = doc['key'] === undefined || doc['key'] === null ? {} : asObject(doc['key'], `${what}: key`);
  const algo = optionalString(key, 'algo', `${what}: key`) ?? 'ecdsa';
  const size = key['size'];
  if (size !== undefined && (typeof size !== 'number' || !Number.isInteger(size))) {
    throw new PkiError('config', `${what}: key: "size" must be a whole number`);
  }
  let keyType: KeyType;
  try {
    keyType = keyTypeFromAlgo(algo, size as number | undefined);
  } catch (err) {
    throw err instanceof PkiError ? err.within(what) : err;
  }
  const cn = optionalString(doc, 'CN', what);
  const subject: SubjectFields = { ...fields, CN: cn ?? '', serialNumber: serialNumber ?? '' };
  return { subject, hosts: optionalStrings(doc, 'hosts', what) ?? [], keyType, ca: resolveCaOptions(doc['ca'], what) };
}

function resolveCaOptions(value: unknown, what: string): CfsslCaOptions | undefined {
  if (value === undefined || value === null) return undefined;
  const ca = asObject(value, `${what}: ca`);
  const pathLen = ca['pathlen'];
  if (pathLen !== undefined && (typeof pathLen !== 'number' || !Number.isInteger(pathLen) || pathLen < 0)) {
    throw new PkiError('config', `${what}: ca: "pathlen" must be a whole number >= 0`);
  }
  const expiry = optionalString(ca, 'expiry', `${what}: ca`);
  return {
    pathLen: pathLen as number | undefined,
    pathLenZero: ca['pathlenzero'] === true,
    expiryMs: expiry ? parseGoDuration(expiry, `${what}: ca: expiry`) : undefined,
  };
}
