// OpenAPI schema data for IssuedCertificates, signet's issued-certificate ledger, for kubectl explain.

import { kindSchema } from '../openapi/kind-schema.js';
import { atomicStrings, object, str, type KindSchema } from '../openapi/schema-kit.js';
import { issuedCertificateGroup, issuedCertificateVersion } from './types.js';

/** certificates.signet.dev/v1alpha1 IssuedCertificate. */
export const issuedCertificateSchema: KindSchema = kindSchema({ pkg: 'dev.signet.certificates.v1alpha1', group: issuedCertificateGroup, version: issuedCertificateVersion, kind: 'IssuedCertificate',
  description: 'IssuedCertificate records one certificate a signer wrote into a CertificateSigningRequest. The API server makes it in the same commit as the certificate and keeps it until 72 hours after the certificate expires, whatever becomes of the request. Read-only.',
  required: ['spec'], properties: {
    spec: object('IssuedCertificateSpec says what was issued, to whom and by whom.', {
      serialNumber: str('serialNumber is the certificate\'s serial number in lower-case hex; the object is named after it.'),
      signerName: str('signerName is the signer of the request the certificate was written into.'),
      issuerKeyId: str('issuerKeyId is the issuing CA\'s key identifier (authorityKeyIdentifier) in lower-case hex.'),
      username: str('username is the subject CN: the user the certificate authenticates as.'),
      groups: atomicStrings('groups are the subject O values: the groups the certificate authenticates in.'),
      notBefore: str('notBefore is the start of the certificate\'s validity.', { format: 'date-time' }),
      notAfter: str('notAfter is the end of the certificate\'s validity.', { format: 'date-time' }),
      certificateSigningRequest: object('certificateSigningRequest is the request the certificate was written into.', {
        name: str('name of the CertificateSigningRequest.'),
        uid: str('uid of the CertificateSigningRequest.'),
      }),
      requestor: str('requestor is who made the request (its spec.username).'),
      sha256: str('sha256 is the certificate\'s SHA-256 in hex, as the API server names the credential (X509SHA256=...).'),
    }, ['serialNumber', 'signerName', 'username', 'notBefore', 'notAfter']),
  } });
