// `signet pki genkey`: cfssl genkey — a private key and a certificate request from CSR JSON
// (with -initca, a self-signed CA as well, as cfssl does).

import { formatFlagHelp, flag, flagBool, parseFlags, type FlagSpec } from '../../flags.js';
import { writeAll } from '../../files.js';
import { CliError } from '../../errors.js';
import { selfSign } from '../../../pki/issuer.js';
import { initCaTemplate } from '../../../pki/cfssl/profile.js';
import { encodePem } from '../../../pki/pem.js';
import { bareFiles, cfsslJson, loadRequest, newKeyAndRequest } from './common.js';

const specs: Record<string, FlagSpec> = {
  initca: { bool: true, help: 'also self-sign a CA certificate' },
  out: { value: 'PREFIX', help: 'write PREFIX-key.pem (0600) and PREFIX.csr instead of JSON on stdout' },
};

/** Usage text. */
export const genkeyHelp = `Usage: signet pki genkey [-initca] [--out PREFIX] CSRJSON

Generates a private key and a certificate request from a cfssl CSR JSON file.
Prints cfssl's JSON ({"csr","key"}) unless --out is given.

${formatFlagHelp(specs)}`;

/** Runs the command; returns the exit code. */
export function genkey(argv: readonly string[], stdout: (s: string) => void, now: Date): number {
  const parsed = parseFlags(argv, specs, 'signet pki genkey');
  if (parsed.args.length !== 1) throw new CliError('signet pki genkey: expected one CSR JSON file (see --help)');
  const req = loadRequest(parsed.args[0]!);
  const made = newKeyAndRequest(req);
  const result: Record<string, string> = { csr: made.csrPem, key: made.keyPem };
  if (flagBool(parsed, 'initca')) {
    const t = initCaTemplate(made.csr.subject.raw, made.csr.publicKey.raw, req.hosts, req.ca, now);
    result['cert'] = encodePem('CERTIFICATE', selfSign(t, made.privateKey).raw);
  }
  const out = flag(parsed, 'out');
  if (out) writeAll(bareFiles(out, result));
  else stdout(cfsslJson(result));
  return 0;
}
