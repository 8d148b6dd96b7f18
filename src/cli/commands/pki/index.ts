// `signet pki`: the offline, cfssl-compatible PKI toolkit; dispatches to its subcommands.

import { CliError } from '../../errors.js';
import { gencert, gencertHelp } from './gencert.js';
import { genkey, genkeyHelp } from './genkey.js';
import { sign, signHelp } from './sign.js';
import { certinfo, certinfoHelp } from './certinfo.js';
import { json, jsonHelp } from './json.js';
import { clusterHelp } from './cluster-help.js';

type Run = (argv: readonly string[], stdout: (s: string) => void, now: Date) => number | Promise<number>;

const subcommands: Record<string, { run: Run; help: string; summary: string }> = {
  gencert: { run: gencert, help: gencertHelp, summary: 'new key + certificate from CSR JSON (cfssl gencert; -initca for a CA)' },
  genkey: { run: genkey, help: genkeyHelp, summary: 'new key + certificate request from CSR JSON (cfssl genkey)' },
  sign: { run: sign, help: signHelp, summary: 'sign an existing certificate request, e.g. from openssl req (cfssl sign)' },
  certinfo: { run: (a, out) => certinfo(a, out), help: certinfoHelp, summary: 'print a certificate\'s or request\'s fields as JSON (cfssl certinfo)' },
  json: { run: (a, out) => json(a, out), help: jsonHelp, summary: 'write cfssl JSON from stdin as PEM files (cfssljson)' },
  cluster: { run: async (a, out, now) => (await import('./cluster.js')).cluster(a, out, now), help: clusterHelp, summary: 'a whole cluster\'s PKI and kubeconfigs from one YAML file' },
};

/** Usage text for `signet pki`. */
export const pkiHelp = `Usage: signet pki COMMAND [flags] [args]

Offline PKI toolkit. Reads and writes cfssl's formats (ca-config.json, *-csr.json, cfssl JSON
results); flags may be written cfssl's way (-ca=ca.pem) or GNU's (--ca ca.pem).
'signet pki X' works where 'cfssl X' did, and 'signet pki json' where 'cfssljson' did.

Commands:
${Object.entries(subcommands).map(([n, c]) => `  ${n.padEnd(10)}${c.summary}`).join('\n')}

Run 'signet pki COMMAND --help' for a command's flags.`;

/** Runs `signet pki ...`. */
export async function pki(argv: readonly string[], stdout: (s: string) => void, now: Date): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    stdout(pkiHelp + '\n');
    return name ? 0 : 2;
  }
  const sub = subcommands[name];
  if (!sub) throw new CliError(`signet pki: unknown command "${name}" (known: ${Object.keys(subcommands).join(', ')})`, 2);
  if (rest.includes('--help') || rest.includes('-h') || rest.includes('-help')) {
    stdout(sub.help + '\n');
    return 0;
  }
  return sub.run(rest, stdout, now);
}
