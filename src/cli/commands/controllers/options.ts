// Flags that `signet controllers` and `signet serve` (its in-process controllers) share.

import { flag, type ParsedFlags } from '../../flags.js';
import { CliError } from '../../errors.js';
import { ConfigError, loadControllersConfig, type ControllersConfig } from '../../../controllers/config.js';
import { parseGoDuration } from '../../../pki/cfssl/duration.js';

/** The custom signers and approval policies of `file`, if given; a bad file is one CLI error line. */
export function readControllersConfig(file: string | undefined): ControllersConfig | undefined {
  if (file === undefined) return undefined;
  try {
    return loadControllersConfig(file);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message);
    throw err;
  }
}

/** --cluster-signing-duration (default a year, kube-controller-manager's), which must be positive. */
export function clusterSigningDuration(parsed: ParsedFlags): number {
  const ms = parseGoDuration(flag(parsed, 'cluster-signing-duration') ?? '8760h', '--cluster-signing-duration');
  if (ms <= 0) throw new CliError('--cluster-signing-duration must be positive');
  return ms;
}
