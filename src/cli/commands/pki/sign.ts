// `signet pki sign`: cfssl sign — signs an existing PKCS#10 request (from openssl req, say).

import { formatFlagHelp, flag, parseFlags, type FlagSpec } from '../../flags.js';
import { readText, writeAll } from '../../files.js';
import { CliError } from '../../errors.js';
import { parseCsrPem, verifyCsrSignature } from '../../../pki/csr.js';
import { selectProfile } from '../../../pki/cfssl/config-json.js';
import { profileTemplate } from '../../../pki/cfssl/profile.js';
import { encodePem } from '../../../pki/pem.js';
import { bareFiles, cfsslJson, loadIssuer, loadSigningConfig, signingFlags, splitHosts } from './common.js';

const specs: Record<string, FlagSpec> = {
  ...signingFlags,
  hostname: { value: 'LIST', help: 'comma-separated SANs, replacing those in the request' },
  out: { value: 'PREFIX', help: 'write PREFIX.pem instead of JSON on stdout' },
};

/** Usage text. */
export const signHelp = `Usage: signet pki sign -ca FILE -ca-key FILE [-config FILE] [-profile NAME] [-hostname LIST] [--out PREFIX] CSR.pem

Signs an existing certificate request (PEM; '-' reads stdin) after checking its signature.
Prints cfssl's JSON ({"cert", "csr"}: the certificate and the request as given) unless --out
is given.

${formatFlagHelp(specs)}`;

/** Runs the command; returns the exit code. */
export function sign(argv: readonly string[], stdout: (s: string) => void, now: Date): number {
  const parsed = parseFlags(argv, specs, 'signet pki sign');
  if (parsed.args.length !== 1) throw new CliError('signet pki sign: expected one certificate request file (see --help)');
  const path = parsed.args[0]!;
  const csrPem = readText(path, 'certificate request');
  const csr = parseCsrPem(csrPem);
  verifyCsrSignature(csr);
  const profile = selectProfile(loadSigningConfig(flag(parsed, 'config')), flag(parsed, 'profile'));
  const issuer = loadIssuer(flag(parsed, 'ca'), flag(parsed, 'ca-key'));
  const cert = encodePem('CERTIFICATE', issuer.issue(profileTemplate(csr, profile, splitHosts(flag(parsed, 'hostname')), now)));
  const out = flag(parsed, 'out');
  if (out) writeAll(bareFiles(out, { cert }));
  // cfssl sign echoes the request beside the certificate, so `| cfssljson -bare NAME` writes NAME.csr too.
  else stdout(cfsslJson({ cert, csr: csrPem }));
  return 0;
}
