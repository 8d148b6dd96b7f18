// The signet command line: dispatches to the command groups and turns every expected failure
// into one line on stderr with a non-zero exit.

import { PkiError } from '../pki/errors.js';
import { CliError } from './errors.js';

/** The version signet reports. */
export const version = '0.1.0';

const help = `signet — a certificate authority that speaks the Kubernetes Certificates API

Usage: signet COMMAND [flags]

Commands:
  serve        run the API server (kubectl talks to it; CSRs, approval, signing)
  controllers  run the signer and cleaner against any Kubernetes API server (--kubeconfig)
  request      get a certificate for a new identity: key, request, approval, kubeconfig
  credential   kubectl exec plugin: a client certificate that renews itself
  user         user kubeconfig: a kubeconfig whose certificates renew themselves
  pki          offline, cfssl-compatible PKI toolkit (gencert, genkey, sign, certinfo, json, cluster)
  version      print the version

Run 'signet COMMAND --help' for more.`;

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const stdout = (s: string): void => {
    process.stdout.write(s);
  };
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        stdout(help + '\n');
        return command === undefined ? 2 : 0;
      case 'version':
      case '--version':
        stdout(`signet ${version}\n`);
        return 0;
      // Commands load on demand: a short-lived `signet pki` should not pay for the server's modules.
      case 'pki': {
        const { pki } = await import('./commands/pki/index.js');
        return await pki(rest, stdout, new Date());
      }
      case 'serve': {
        const { serve, serveHelp } = await import('./commands/serve/index.js');
        if (rest.includes('--help') || rest.includes('-h')) {
          stdout(serveHelp + '\n');
          return 0;
        }
        return await serve(rest, stdout);
      }
      case 'controllers': {
        const { controllers, controllersHelp } = await import('./commands/controllers/index.js');
        if (rest.includes('--help') || rest.includes('-h')) {
          stdout(controllersHelp + '\n');
          return 0;
        }
        return await controllers(rest, stdout);
      }
      case 'request': {
        const { request, requestHelp } = await import('./commands/request/index.js');
        if (rest.includes('--help') || rest.includes('-h')) {
          stdout(requestHelp + '\n');
          return 0;
        }
        return await request(rest, stdout, (s) => process.stderr.write(s));
      }
      case 'credential': {
        const { credential, credentialHelp } = await import('./commands/credential/index.js');
        if (rest.includes('--help') || rest.includes('-h')) {
          stdout(credentialHelp + '\n');
          return 0;
        }
        return await credential(rest, stdout);
      }
      case 'user': {
        const { userKubeconfig, userKubeconfigHelp } = await import('./commands/user/kubeconfig.js');
        if (rest[0] !== 'kubeconfig') throw new CliError(`signet user: unknown command "${rest[0] ?? ''}" (known: kubeconfig)`, 2);
        if (rest.includes('--help') || rest.includes('-h')) {
          stdout(userKubeconfigHelp + '\n');
          return 0;
        }
        return userKubeconfig(rest.slice(1), stdout);
      }
      default:
        throw new CliError(`unknown command "${command}"; run 'signet --help'`, 2);
    }
  } catch (err) {
    if (err instanceof CliError || err instanceof PkiError) {
      process.stderr.write(`signet: ${err.message}\n`);
      return err instanceof CliError ? err.exitCode : 1;
    }
    // A bug, not bad input: say so plainly; the stack only when asked for.
    const detail = process.env['SIGNET_DEBUG'] ? (err as Error)?.stack : (err as Error)?.message;
    process.stderr.write(`signet: internal error: ${detail ?? err}\n`);
    return 70;
  }
}

