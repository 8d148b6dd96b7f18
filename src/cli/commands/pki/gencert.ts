// `signet pki gencert`: cfssl gencert — a new key, request and certificate from CSR JSON,
// either a self-signed CA (-initca) or signed by a CA under a profile.

import { formatFlagHelp, flag, flagBool, parseFlags, type FlagSpec } from '../../flags.js';
import { writeAll } from '../../files.js';
import { CliError } from '../../errors.js';
import { selfSign } from '../../../pki/issuer.js';
import { selectProfile } from '../../../pki/cfssl/config-json.js';
import { initCaTemplate, profileTemplate } from '../../../pki/cfssl/profile.js';
import { encodePem } from '../../../pki/pem.js';
import { bareFiles, cfsslJson, loadIssuer, loadRequest, loadSigningConfig, newKeyAndRequest, signingFlags, splitHosts } from './common.js';

const specs: Record<string, FlagSpec> = {
  initca: { bool: true, help: 'make a new self-signed CA from the CSR JSON' },
  ...signingFlags,
  hostname: { value: 'LIST', help: 'comma-separated SANs, replacing the CSR JSON "hosts"' },
  out: { value: 'PREFIX', help: 'write PREFIX.pem, PREFIX-key.pem (0600) and PREFIX.csr instead of JSON on stdout' },
};

/** Usage text. */
export const gencertHelp = `Usage: signet pki gencert [-initca | -ca FILE -ca-key FILE [-config FILE] [-profile NAME]] [-hostname LIST] [--out PREFIX] CSRJSON

Generates a private key, a certificate request and a certificate from a cfssl CSR JSON file.
Without --out it prints cfssl's JSON ({"cert","csr","key"}) for 'signet pki json -bare NAME'.

${formatFlagHelp(specs)}`;

/** Runs the command; returns the exit code. */
export function gencert(argv: readonly string[], stdout: (s: string) => void, now: Date): number {
  const parsed = parseFlags(argv, specs, 'signet pki gencert');
  if (parsed.args.length !== 1) throw new CliError('signet pki gencert: expected one CSR JSON file (see --help)');
  const req = loadRequest(parsed.args[0]!);
  const hosts = splitHosts(flag(parsed, 'hostname'));
  let certPem: string;
  let made;
  if (flagBool(parsed, 'initca')) {
    made = newKeyAndRequest(hosts ? { ...req, hosts } : req);
    const t = initCaTemplate(made.csr.subject.raw, made.csr.publicKey.raw, hosts ?? req.hosts, req.ca, now);
    certPem = encodePem('CERTIFICATE', selfSign(t, made.privateKey).raw);
  } else {
    const config = loadSigningConfig(flag(parsed, 'config'));
    const profile = selectProfile(config, flag(parsed, 'profile'));
    const issuer = loadIssuer(flag(parsed, 'ca'), flag(parsed, 'ca-key'));
    made = newKeyAndRequest(hosts ? { ...req, hosts } : req);
    certPem = encodePem('CERTIFICATE', issuer.issue(profileTemplate(made.csr, profile, undefined, now)));
  }
  const result = { cert: certPem, csr: made.csrPem, key: made.keyPem };
  const out = flag(parsed, 'out');
  if (out) writeAll(bareFiles(out, result));
  else stdout(cfsslJson(result));
  return 0;
}
