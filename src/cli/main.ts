// The signet command line: dispatches to the commands and turns every expected failure into one
// line on stderr with a non-zero exit.

import { PkiError } from '../pki/errors.js';
import { CliError } from './errors.js';

/** The version signet reports. */
export const version = '0.1.0';

type Out = (s: string) => void;
/** A loaded command: what runs it, and its usage text (absent when it prints its own help). */
interface Loaded {
  readonly run: (argv: readonly string[], stdout: Out) => number | Promise<number>;
  readonly help?: string;
}

const stderr: Out = (s) => {
  process.stderr.write(s);
};

/** A command group with one subcommand so far (`signet user kubeconfig`, `signet token create`). */
function only(group: string, sub: string, run: Loaded['run']): Loaded['run'] {
  return (argv, out) => {
    if (argv[0] !== sub) throw new CliError(`signet ${group}: unknown command "${argv[0] ?? ''}" (known: ${sub})`, 2);
    return run(argv.slice(1), out);
  };
}

// Commands load on demand: a short-lived `signet pki` should not pay for the server's modules.
const commands: Record<string, { readonly summary: string; readonly load: () => Promise<Loaded> }> = {
  serve: {
    summary: 'run the API server (kubectl talks to it; CSRs, approval, signing)',
    load: async () => {
      const m = await import('./commands/serve/index.js');
      return { run: m.serve, help: m.serveHelp };
    },
  },
  controllers: {
    summary: 'run the signer, approver and cleaner against any Kubernetes API server',
    load: async () => {
      const m = await import('./commands/controllers/index.js');
      return { run: m.controllers, help: m.controllersHelp };
    },
  },
  request: {
    summary: 'get a certificate for a new identity: key, request, approval, kubeconfig',
    load: async () => {
      const m = await import('./commands/request/index.js');
      return { run: (argv, out) => m.request(argv, out, stderr), help: m.requestHelp };
    },
  },
  credential: {
    summary: 'kubectl exec plugin: a client certificate that renews itself',
    load: async () => {
      const m = await import('./commands/credential/index.js');
      return { run: m.credential, help: m.credentialHelp };
    },
  },
  user: {
    summary: 'users: add|list|remove (seed 001 in one command), kubeconfig (self-renewing)',
    load: async () => {
      const [k, m] = await Promise.all([import('./commands/user/kubeconfig.js'), import('./commands/user/manage.js')]);
      return {
        run: (argv, out) => {
          const [sub, ...rest] = argv;
          if (sub === 'kubeconfig') return k.userKubeconfig(rest, out);
          if (sub === 'add' || sub === 'list' || sub === 'remove') return m.userManage(sub, rest, out);
          throw new CliError(`signet user: unknown command "${sub ?? ''}" (known: add, list, remove, kubeconfig)`, 2);
        },
        help: `${m.userManageHelp}

${k.userKubeconfigHelp}`,
      };
    },
  },
  token: {
    summary: 'bootstrap tokens for joining nodes (create)',
    load: async () => {
      const m = await import('./commands/token/create.js');
      return { run: only('token', 'create', m.tokenCreate), help: m.tokenCreateHelp };
    },
  },
  node: {
    summary: "a node's TLS bootstrap with a bootstrap token (join)",
    load: async () => {
      const m = await import('./commands/node/join.js');
      return { run: only('node', 'join', m.nodeJoin), help: m.nodeJoinHelp };
    },
  },
  pki: {
    summary: 'offline, cfssl-compatible PKI toolkit (gencert, genkey, sign, certinfo, json, cluster)',
    load: async () => {
      const m = await import('./commands/pki/index.js');
      return { run: (argv, out) => m.pki(argv, out, new Date()) };
    },
  },
};

const help = `signet — a certificate authority that speaks the Kubernetes Certificates API

Usage: signet COMMAND [flags]

Commands:
${Object.entries(commands).map(([name, c]) => `  ${name.padEnd(13)}${c.summary}`).join('\n')}
  ${'version'.padEnd(13)}print the version

Run 'signet COMMAND --help' for more.`;

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const stdout: Out = (s) => {
    process.stdout.write(s);
  };
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      stdout(help + '\n');
      return command === undefined ? 2 : 0;
    }
    if (command === 'version' || command === '--version') {
      stdout(`signet ${version}\n`);
      return 0;
    }
    const entry = commands[command];
    if (!entry) throw new CliError(`unknown command "${command}"; run 'signet --help'`, 2);
    const loaded = await entry.load();
    if (loaded.help && (rest.includes('--help') || rest.includes('-h'))) {
      stdout(loaded.help + '\n');
      return 0;
    }
    return await loaded.run(rest, stdout);
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
