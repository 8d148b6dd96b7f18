// `signet user kubeconfig`: a kubeconfig whose user runs `signet credential`, so that kubectl
// always has a fresh short-lived client certificate without anyone thinking about it.

import { realpathSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { formatFlagHelp, flag, flagAll, parseFlags, type FlagSpec } from '../../flags.js';
import { CliError } from '../../errors.js';
import { readKubeconfig } from '../../kubeconfig.js';
import { writeAll } from '../../files.js';

const specs: Record<string, FlagSpec> = {
  kubeconfig: { value: 'FILE', help: 'the credentials renewals start from (a token or certificate kubeconfig; required)' },
  name: { value: 'NAME', help: 'the user name the certificates are for (required)' },
  group: { value: 'GROUP', repeat: true, help: 'a group the certificates ask for (repeatable)' },
  duration: { value: 'DURATION', help: 'lifetime of each certificate (default 1h)' },
  cache: { value: 'DIR', help: 'where the plugin keeps the current certificate (default ~/.cache/signet/credentials/...)' },
  o: { value: 'FILE', help: 'the kubeconfig to write (required)' },
};

/** Usage text. */
export const userKubeconfigHelp = `Usage: signet user kubeconfig --kubeconfig FILE --name NAME [--group G]... [--duration 1h] -o OUT

Writes OUT, a kubeconfig whose user runs 'signet credential': each kubectl run gets a client
certificate for NAME, renewed through a new certificate signing request when two thirds of its
lifetime have passed.

${formatFlagHelp(specs)}`;

/** Runs the command. */
export function userKubeconfig(argv: readonly string[], stdout: (s: string) => void): number {
  const parsed = parseFlags(argv, specs, 'signet user kubeconfig');
  const source = flag(parsed, 'kubeconfig');
  const name = flag(parsed, 'name');
  const out = flag(parsed, 'o');
  if (!source || !name || !out) throw new CliError('signet user kubeconfig: --kubeconfig, --name and -o are required (see --help)');
  const rest = readKubeconfig(source);
  const sourcePath = resolve(source);
  const cache = resolve(flag(parsed, 'cache') ?? join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'signet', 'credentials',
    createHash('sha256').update(`${rest.server}\n${name}`).digest('hex').slice(0, 16)));
  const args = ['credential', '--kubeconfig', sourcePath, '--name', `user=${name}`, '--cn', name,
    ...flagAll(parsed, 'group').flatMap((g) => ['--group', g]), '--duration', flag(parsed, 'duration') ?? '1h', '--cache', cache];
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'signet', cluster: { server: rest.server, 'certificate-authority-data': Buffer.from(rest.caPem ?? '').toString('base64') } }],
    users: [{ name, user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: realpathSync(process.argv[1]!), args, interactiveMode: 'Never', provideClusterInfo: false } } }],
    contexts: [{ name, context: { cluster: 'signet', user: name } }],
    'current-context': name,
    preferences: {},
  };
  writeAll([{ path: out, content: stringify(doc), mode: 0o600 }]);
  stdout(`wrote ${out}: kubectl --kubeconfig ${out} renews ${name}'s certificate by itself\n`);
  return 0;
}
