// `signet pki cluster`: the whole PKI of "Kubernetes the Hard Way" (seed 003) in one command,
// from a small YAML file: CA, admin, kubelets, controller manager, kube-proxy, scheduler,
// API server, service-account key pair, and a kubeconfig for admin and each component.

import { generateKeyPair as generateKeyPairAsync, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { flag, parseFlags } from '../../flags.js';
import { clusterFlags as specs } from './cluster-help.js';
import { readText, writeAll, type OutputFile } from '../../files.js';
import { CliError } from '../../errors.js';
import { resolveClusterSpec, clusterIdentities, type ClusterIdentity } from './cluster-spec.js';
import { Issuer, selfSign } from '../../../pki/issuer.js';
import { initCaTemplate, profileTemplate } from '../../../pki/cfssl/profile.js';
import { encodePem } from '../../../pki/pem.js';
import type { KeyType } from '../../../pki/keys.js';
import { bareFiles, newKeyAndRequest } from './common.js';
import { renderKubeconfig } from '../../kubeconfig.js';


const generate = promisify(generateKeyPairAsync);

/** Generates keys on the thread pool, both cores at once, reporting progress. */
async function generateKeys(types: readonly KeyType[], progress: (done: number) => void): Promise<KeyObject[]> {
  const keys: KeyObject[] = new Array(types.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < types.length) {
      const i = next++;
      const t = types[i]!;
      const pair = t.startsWith('rsa-')
        ? await generate('rsa', { modulusLength: Number(t.slice(4)), publicExponent: 0x10001 })
        : t === 'ed25519'
          ? await generate('ed25519', {})
          : await generate('ec', { namedCurve: t === 'ecdsa-p256' ? 'prime256v1' : t === 'ecdsa-p384' ? 'secp384r1' : 'secp521r1' });
      keys[i] = pair.privateKey;
      progress(++done);
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  return keys;
}

function progressReporter(total: number): { tick: (done: number) => void; end: () => void } {
  if (!process.stderr.isTTY) return { tick: () => {}, end: () => {} };
  return {
    tick: (done) => process.stderr.write(`\rgenerating keys ${done}/${total}`),
    end: () => process.stderr.write('\r\x1b[K'),
  };
}

/** Runs the command; returns the exit code. */
export async function cluster(argv: readonly string[], stdout: (s: string) => void, now: Date): Promise<number> {
  const parsed = parseFlags(argv, specs, 'signet pki cluster');
  if (parsed.args.length !== 1) throw new CliError('signet pki cluster: expected one CLUSTER.yaml file (see --help)');
  const path = parsed.args[0]!;
  let doc: unknown;
  try {
    doc = parseYaml(readText(path, 'cluster file'), { maxAliasCount: 100 });
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`${path}: invalid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const spec = resolveClusterSpec(doc, path);
  const dir = flag(parsed, 'out') ?? '.';
  mkdirSync(dir, { recursive: true });

  const identities = clusterIdentities(spec);
  const progress = progressReporter(identities.length + 1);
  const keys = await generateKeys([spec.keyType, ...identities.map(() => spec.keyType)], progress.tick);
  progress.end();

  const ca = newKeyAndRequest({ subject: spec.caSubject, hosts: [], keyType: spec.keyType }, keys[0]!);
  const caCert = selfSign(initCaTemplate(ca.csr.subject.raw, ca.csr.publicKey.raw, [], { pathLenZero: false, expiryMs: spec.caValidityMs }, now), ca.privateKey);
  const caPem = encodePem('CERTIFICATE', caCert.raw);
  const issuer = new Issuer(caCert, ca.privateKey);
  const files: OutputFile[] = bareFiles(join(dir, 'ca'), { cert: caPem, key: ca.keyPem, csr: ca.csrPem });
  identities.forEach((id: ClusterIdentity, i) => {
    const made = newKeyAndRequest({ subject: id.subject, hosts: id.hosts, keyType: spec.keyType }, keys[i + 1]!);
    const cert = encodePem('CERTIFICATE', issuer.issue(profileTemplate(made.csr, spec.profile, undefined, now)));
    files.push(...bareFiles(join(dir, id.file), { cert, key: made.keyPem, csr: made.csrPem }));
    if (id.kubeconfigServer) {
      files.push({
        path: join(dir, `${id.file}.kubeconfig`),
        mode: 0o600,
        content: renderKubeconfig({ clusterName: spec.clusterName, server: id.kubeconfigServer, caPem, userName: id.subject.CN!, clientCertPem: cert, clientKeyPem: made.keyPem }),
      });
    }
  });
  writeAll(files);
  stdout(`wrote ${files.length} files for ${spec.workers.length} workers to ${dir}\n`);
  return 0;
}
