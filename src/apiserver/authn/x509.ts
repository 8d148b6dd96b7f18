// x509 client-certificate authentication: the certificate must chain to a client CA, be
// within its validity and allow client auth; CN is the user and O the groups.
// Mirrors k8s.io/apiserver/pkg/authentication/request/x509/x509.go (CommonNameUserConversion).

import type { Certificate } from '../../pki/certificate.js';
import { certificateSha256, checkIssuedBy, parseCertificate, serialHex } from '../../pki/certificate.js';
import { commonName, nameValues, NameAttr } from '../../pki/name.js';
import { ExtKeyUsageOid } from '../../pki/usages.js';
import { PkiError } from '../../pki/errors.js';
import { credentialIdKey, type Authenticator, type AuthnRequest, type AuthnResult } from './authenticator.js';

interface Verified {
  /** Undefined when the certificate did not even parse. */
  readonly certificate?: Certificate;
  /** Its serial in the ledger's form (lower-case hex). */
  readonly serial?: string;
  readonly result: AuthnResult;
}

/**
 * Authenticates TLS client certificates against `clientCAs`. The chain check runs once per
 * connection (keep-alive connections carry one certificate); validity is re-checked on every
 * request, since a connection can outlive a certificate.
 */
export function x509Authenticator(clientCAs: readonly Certificate[], isRevoked: (serial: string) => boolean = () => false): Authenticator {
  const perConnection = new WeakMap<object, Verified>();
  return {
    authenticate(req: AuthnRequest): AuthnResult {
      const der = req.clientCertificate;
      if (!der || der.length === 0) return { kind: 'none' };
      let verified = perConnection.get(req.connection);
      if (!verified) {
        verified = verify(der, clientCAs);
        perConnection.set(req.connection, verified);
      }
      const cert = verified.certificate;
      // Looked up on every request: a revocation applies to connections opened before it.
      if (verified.serial !== undefined && isRevoked(verified.serial)) return { kind: 'error', message: 'x509: certificate revoked' };
      if (cert && (req.now < cert.notBefore || req.now > cert.notAfter)) {
        return { kind: 'error', message: `x509: certificate has expired or is not yet valid: current time ${req.now.toISOString()} is outside ${cert.notBefore.toISOString()} - ${cert.notAfter.toISOString()}` };
      }
      return verified.result;
    },
  };
}

function verify(der: Uint8Array, clientCAs: readonly Certificate[]): Verified {
  let cert: Certificate;
  try {
    cert = parseCertificate(der);
  } catch (err) {
    const message = err instanceof PkiError ? err.message : 'unparseable certificate';
    return { result: { kind: 'error', message: `x509: ${message}` } };
  }
  const serial = serialHex(cert.serialNumber);
  const fail = (message: string): Verified => ({ certificate: cert, result: { kind: 'error', message } });
  let reason = 'x509: certificate signed by unknown authority';
  const chained = clientCAs.some((ca) => {
    const why = checkIssuedBy(cert, ca);
    if (why === undefined) return true;
    if (!/issuer name does not match/.test(why)) reason = `x509: ${why}`;
    return false;
  });
  if (!chained) return fail(reason);
  const eku = cert.extKeyUsage;
  if (eku && !eku.includes(ExtKeyUsageOid.clientAuth) && !eku.includes(ExtKeyUsageOid.any)) {
    return fail('x509: certificate specifies an incompatible key usage');
  }
  const username = commonName(cert.subject);
  // CommonNameUserConversion declines a certificate without a CN: the request goes on as if it had none.
  if (username === '') return { certificate: cert, serial, result: { kind: 'none' } };
  // Kubernetes 1.32 names the credential by the certificate's SHA-256 (audit logs, `kubectl auth
  // whoami`, and spec.extra of the CSRs the user creates).
  const credentialId = `X509SHA256=${certificateSha256(der)}`;
  return {
    certificate: cert,
    serial,
    result: { kind: 'user', user: { username, groups: nameValues(cert.subject, NameAttr.O), extra: { [credentialIdKey]: [credentialId] } }, certificateSerial: serial },
  };
}
