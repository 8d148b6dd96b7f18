// `signet pki certinfo`: cfssl certinfo — a certificate's (or request's) fields as JSON.
// Mirrors cfssl certinfo/certinfo.go (Certificate, Name) field names.

import { formatFlagHelp, flag, parseFlags, type FlagSpec } from '../../flags.js';
import { readText } from '../../files.js';
import { CliError } from '../../errors.js';
import { parseCertificatePem, serialDecimal } from '../../../pki/certificate.js';
import { parseCsrPem, verifyCsrSignature } from '../../../pki/csr.js';
import { encodePem } from '../../../pki/pem.js';
import { NameAttr, nameValues, attributeShortName, type Name } from '../../../pki/name.js';
import { describePublicKey } from '../../../pki/public-key.js';
import { keyUsageNames } from '../../../pki/extensions/key-usage.js';
import { ExtKeyUsageOid } from '../../../pki/usages.js';
import type { SubjectAltNames } from '../../../pki/general-name.js';

const specs: Record<string, FlagSpec> = {
  cert: { value: 'FILE', help: 'certificate (PEM) to describe' },
  csr: { value: 'FILE', help: 'certificate request (PEM) to describe' },
};

/** Usage text. */
export const certinfoHelp = `Usage: signet pki certinfo (-cert FILE | -csr FILE)

Prints a certificate's or a certificate request's fields as cfssl certinfo's JSON.

${formatFlagHelp(specs)}`;

function nameJson(name: Name): Record<string, unknown> {
  const join = (oid: string): string | undefined => {
    const v = nameValues(name, oid);
    return v.length ? v.join(',') : undefined;
  };
  const out: Record<string, unknown> = {
    common_name: join(NameAttr.CN),
    serial_number: join(NameAttr.serialNumber),
    country: join(NameAttr.C),
    organization: join(NameAttr.O),
    organizational_unit: join(NameAttr.OU),
    locality: join(NameAttr.L),
    province: join(NameAttr.ST),
    street_address: join(NameAttr.street),
    postal_code: join(NameAttr.postalCode),
    names: name.rdns.flat().map((a) => a.value),
  };
  const extra = name.rdns.flat().filter((a) => !['CN', 'serialNumber', 'C', 'O', 'OU', 'L', 'ST', 'street', 'postalCode'].includes(attributeShortName(a.type)));
  if (extra.length) out['extra_names'] = extra.map((a) => ({ type: attributeShortName(a.type), value: a.value }));
  return out;
}

function keyId(bytes: Uint8Array | undefined): string | undefined {
  return bytes ? Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(':') : undefined;
}

function sansList(s: SubjectAltNames): string[] {
  return [...s.dns, ...s.emails, ...s.ips, ...s.uris];
}

const ekuNames = new Map<string, string>(Object.entries(ExtKeyUsageOid).map(([k, v]) => [v, k]));

/** Runs the command; returns the exit code. */
export function certinfo(argv: readonly string[], stdout: (s: string) => void): number {
  const parsed = parseFlags(argv, specs, 'signet pki certinfo');
  const certPath = flag(parsed, 'cert');
  const csrPath = flag(parsed, 'csr');
  if (!!certPath === !!csrPath || parsed.args.length > 0) throw new CliError('signet pki certinfo: give exactly one of -cert FILE or -csr FILE');
  let info: Record<string, unknown>;
  if (certPath) {
    const c = parseCertificatePem(readText(certPath, 'certificate'), certPath);
    info = {
      subject: nameJson(c.subject),
      issuer: nameJson(c.issuer),
      serial_number: serialDecimal(c.serialNumber),
      sans: sansList(c.sans),
      not_before: c.notBefore.toISOString().replace('.000Z', 'Z'),
      not_after: c.notAfter.toISOString().replace('.000Z', 'Z'),
      sigalg: c.signatureAlgorithm.name,
      authority_key_id: keyId(c.authorityKeyId) ?? '',
      subject_key_id: keyId(c.subjectKeyId) ?? '',
      key_algorithm: describePublicKey(c.publicKey),
      key_usage: c.keyUsage === undefined ? undefined : keyUsageNames(c.keyUsage),
      ext_key_usage: c.extKeyUsage?.map((o) => ekuNames.get(o) ?? o),
      is_ca: c.basicConstraints?.ca ?? false,
      pem: encodePem('CERTIFICATE', c.raw),
    };
  } else {
    const r = parseCsrPem(readText(csrPath!, 'certificate request'));
    let signatureValid = true;
    try {
      verifyCsrSignature(r);
    } catch {
      signatureValid = false;
    }
    info = {
      subject: nameJson(r.subject),
      sans: sansList(r.sans),
      sigalg: r.signatureAlgorithm.name,
      key_algorithm: describePublicKey(r.publicKey),
      key_usage: r.keyUsage === undefined ? undefined : keyUsageNames(r.keyUsage),
      ext_key_usage: r.extKeyUsage?.map((o) => ekuNames.get(o) ?? o),
      signature_valid: signatureValid,
      pem: encodePem('CERTIFICATE REQUEST', r.raw),
    };
  }
  stdout(JSON.stringify(info, null, 2) + '\n');
  return 0;
}
