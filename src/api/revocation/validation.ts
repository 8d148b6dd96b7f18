// CertificateRevocation validation: exactly one selector, a known reason.

import { invalid, notSupported, required, type FieldError } from '../field-error.js';
import { revocationReasons, type CertificateRevocation } from './types.js';

const selectors = ['serialNumber', 'certificateSigningRequestName', 'username'] as const;

/** The errors of a revocation about to be created. */
export function validateCertificateRevocation(r: CertificateRevocation): FieldError[] {
  const errs: FieldError[] = [];
  const spec = r.spec ?? {};
  const given = selectors.filter((s) => (spec[s] ?? '') !== '');
  if (given.length === 0) errs.push(required('spec', `exactly one of ${selectors.map((s) => `spec.${s}`).join(', ')} is required`));
  else if (given.length > 1) errs.push(invalid('spec', given.map((s) => `spec.${s}`).join(', '), 'exactly one selector may be given'));
  if (spec.serialNumber && !/^(0x)?[0-9a-fA-F:]+$/.test(spec.serialNumber)) errs.push(invalid('spec.serialNumber', spec.serialNumber, 'must be hexadecimal'));
  if (spec.signerName && spec.certificateSigningRequestName) errs.push(invalid('spec.signerName', spec.signerName, 'may not be given with spec.certificateSigningRequestName'));
  if (spec.reason !== undefined && !(revocationReasons as readonly string[]).includes(spec.reason)) errs.push(notSupported('spec.reason', spec.reason, [...revocationReasons]));
  return errs;
}

/** A serial as the ledger names it: lower-case hex without separators or leading zero octets. */
export function normalSerial(serial: string): string {
  return serial.toLowerCase().replace(/^0x/, '').replace(/:/g, '').replace(/^(00)+(?=.)/, '');
}
