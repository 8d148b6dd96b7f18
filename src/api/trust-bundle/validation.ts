// ClusterTrustBundle validation, exactly as Kubernetes: name prefix by signer, the signer name
// rules, and a trust bundle of CA certificates only, without duplicates.
// Mirrors kubernetes pkg/apis/certificates/validation/validation.go (ValidateClusterTrustBundle).

import type { ObjectMeta } from '../types.js';
import { invalid, required, tooLong, type FieldError } from '../field-error.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/meta.js';
import { isDns1123Subdomain } from '../validation/names.js';
import { validateSignerName } from '../certificates/signer-name-validation.js';
import { decodePemBlocks } from '../../pki/pem.js';
import { parseCertificate } from '../../pki/certificate.js';
import { PkiError } from '../../pki/errors.js';

/** A ClusterTrustBundle. */
export interface ClusterTrustBundle {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: { signerName?: string; trustBundle: string };
}

const maxTrustBundleBytes = 1 << 20;

/** The name prefix a bundle for `signerName` must have: `/` becomes `:`, plus a trailing `:`. */
export function trustBundleNamePrefix(signerName: string): string {
  return `${signerName.replace(/\//g, ':')}:`;
}

function validateName(name: string, signerName: string): string[] {
  if (signerName === '') {
    if (name.includes(':')) return ['ClusterTrustBundle without signer name must not have ":" in its name'];
    return isDns1123Subdomain(name);
  }
  const prefix = trustBundleNamePrefix(signerName);
  if (!name.startsWith(prefix)) return [`ClusterTrustBundle for signerName ${signerName} must be named with prefix ${prefix}`];
  return isDns1123Subdomain(name.slice(prefix.length));
}

function validateTrustBundle(bundle: string): FieldError[] {
  const path = 'spec.trustBundle';
  if (bundle.length > maxTrustBundleBytes) return [tooLong(path, maxTrustBundleBytes)];
  const omitted = '<value omitted>';
  const errs: FieldError[] = [];
  const seen = new Map<string, number>();
  const duplicates: string[] = [];
  // The header check needs the raw block text; decodePemBlocks refuses headers with a PkiError.
  const blocks = bundle.split(/(?=-----BEGIN )/).filter((b) => b.includes('-----BEGIN '));
  blocks.forEach((text, i) => {
    const type = /-----BEGIN ([^-]*)-----/.exec(text)?.[1] ?? '';
    if (type !== 'CERTIFICATE') return errs.push(invalid(path, omitted, `entry ${i} has bad block type: ${type}`));
    if (/^[A-Za-z-]+:/m.test(text.slice(text.indexOf('-----', 5) + 5))) return errs.push(invalid(path, omitted, `entry ${i} has PEM block headers`));
    try {
      const [block] = decodePemBlocks(text);
      const cert = parseCertificate(block!.der);
      if (!cert.basicConstraints?.ca) return errs.push(invalid(path, omitted, `entry ${i} does not have the CA bit set`));
      const key = Buffer.from(block!.der).toString('base64');
      const first = seen.get(key);
      if (first !== undefined) duplicates.push(`duplicate trust anchor (indices [${first} ${i}])`);
      else seen.set(key, i);
    } catch (err) {
      if (!(err instanceof PkiError)) throw err;
      errs.push(invalid(path, omitted, `entry ${i} does not parse as X.509`));
    }
    return undefined;
  });
  if (errs.length > 0) return errs;
  if (seen.size === 0) return [invalid(path, omitted, 'at least one trust anchor must be provided')];
  return duplicates.map((d) => invalid(path, omitted, d));
}

/** Validates a bundle about to be created. */
export function validateClusterTrustBundle(b: ClusterTrustBundle): FieldError[] {
  const signerName = b.spec?.signerName ?? '';
  const errs = validateObjectMeta(b.metadata, { namespaced: false, nameFn: (name, isPrefix) => (isPrefix ? [] : validateName(name, signerName)) });
  if (signerName !== '') for (const item of validateSignerName('spec.signerName', signerName)) errs.push(item);
  if (typeof b.spec?.trustBundle !== 'string' || b.spec.trustBundle === '') errs.push(required('spec.trustBundle', ''));
  else for (const item of validateTrustBundle(b.spec.trustBundle)) errs.push(item);
  return errs;
}

/** Validates an update: the signer name is immutable, an unchanged bundle is not re-checked. */
export function validateClusterTrustBundleUpdate(b: ClusterTrustBundle, old: ClusterTrustBundle): FieldError[] {
  const errs = validateObjectMetaUpdate(b.metadata, old.metadata);
  if ((b.spec?.signerName ?? '') !== (old.spec?.signerName ?? '')) errs.push(invalid('spec.signerName', b.spec?.signerName ?? '', 'field is immutable'));
  if (b.spec?.trustBundle !== old.spec?.trustBundle) {
    if (typeof b.spec?.trustBundle !== 'string' || b.spec.trustBundle === '') errs.push(required('spec.trustBundle', ''));
    else for (const item of validateTrustBundle(b.spec.trustBundle)) errs.push(item);
  }
  return errs;
}
