// Leader election with a coordination.k8s.io/v1 Lease, as client-go's leaderelection does: the
// holder renews the lease; another candidate takes it over once it has seen no renewal for a
// lease duration (by its own clock, so clock skew between machines does not matter). Writes are
// compare-and-swap on the lease's resourceVersion.

import { StatusError } from '../api/errors.js';
import { resources, type ApiClient, type Lease } from '../api/client.js';
import { formatMicroTime } from '../api/meta.js';

/** The Lease (in kube-system) the controllers elect their leader with, unless told otherwise. */
export const defaultLeaseName = 'signet-controllers';

/** Timing and identity, with client-go's defaults (15 s lease, 10 s renew deadline, 2 s retry). */
export interface LeaderElectionOptions {
  readonly client: ApiClient;
  readonly namespace?: string;
  readonly name?: string;
  readonly identity: string;
  readonly leaseDurationMs?: number;
  readonly renewDeadlineMs?: number;
  readonly retryPeriodMs?: number;
  readonly onStartedLeading: () => void;
  readonly onStoppedLeading: () => void | Promise<void>;
  readonly onError?: (err: unknown) => void;
}


/** Runs an election until stopped. */
export class LeaderElector {
  #leading = false;
  #stopped = false;
  #timer: NodeJS.Timeout | undefined;
  /** The round in flight: stop() waits for it, so that it cannot start leading after a stop. */
  #round: Promise<void> | undefined;
  #lastRenewal = 0;
  /** What we last saw of the lease, and when (by our clock). */
  #observed: { renewTime?: string; holder?: string; at: number } = { at: 0 };

  constructor(readonly options: LeaderElectionOptions) {}

  get isLeader(): boolean {
    return this.#leading;
  }

  /** Starts campaigning. */
  start(): void {
    this.#round = this.#tick();
  }

  /** Stops; a leader releases the lease so another can take over at once. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    // A round still waiting on the API could otherwise acquire the lease and start leading
    // after this stop returned, leaving controllers nobody stops (and a process that never exits).
    await this.#round;
    if (this.#leading) {
      this.#leading = false;
      await this.options.onStoppedLeading();
      await this.#release().catch(() => {});
    }
  }

  get #namespace(): string {
    return this.options.namespace ?? 'kube-system';
  }

  async #tick(): Promise<void> {
    if (this.#stopped) return;
    const o = this.options;
    try {
      const acquired = await this.#tryAcquireOrRenew();
      if (this.#stopped) return;
      if (acquired) this.#lastRenewal = Date.now();
      if (acquired && !this.#leading) {
        this.#leading = true;
        o.onStartedLeading();
      }
    } catch (err) {
      o.onError?.(err);
    }
    if (this.#leading && Date.now() - this.#lastRenewal > (o.renewDeadlineMs ?? 10_000)) {
      this.#leading = false;
      await o.onStoppedLeading();
    }
    if (this.#stopped) return;
    this.#timer = setTimeout(() => (this.#round = this.#tick()), o.retryPeriodMs ?? 2_000);
    this.#timer.unref();
  }

  async #tryAcquireOrRenew(): Promise<boolean> {
    const o = this.options;
    const name = o.name ?? defaultLeaseName;
    const now = new Date();
    const spec = { holderIdentity: o.identity, leaseDurationSeconds: Math.ceil((o.leaseDurationMs ?? 15_000) / 1000), renewTime: formatMicroTime(now) };
    let lease: Lease;
    try {
      lease = await o.client.get(resources.leases, name, this.#namespace);
    } catch (err) {
      if (!(err instanceof StatusError && err.status.code === 404)) throw err;
      return this.#write(() => o.client.create(resources.leases, {
        metadata: { name, namespace: this.#namespace },
        spec: { ...spec, acquireTime: formatMicroTime(now), leaseTransitions: 0 },
      }));
    }
    if (lease.spec.renewTime !== this.#observed.renewTime || lease.spec.holderIdentity !== this.#observed.holder) {
      this.#observed = { renewTime: lease.spec.renewTime, holder: lease.spec.holderIdentity, at: Date.now() };
    }
    const held = lease.spec.holderIdentity === o.identity;
    const expired = !lease.spec.holderIdentity || Date.now() > this.#observed.at + (lease.spec.leaseDurationSeconds ?? 15) * 1000;
    if (!held && !expired) return false;
    return this.#write(() => o.client.update(resources.leases, {
      ...lease,
      spec: held ? { ...lease.spec, ...spec } : { ...spec, acquireTime: formatMicroTime(now), leaseTransitions: (lease.spec.leaseTransitions ?? 0) + 1 },
    }));
  }

  async #write(write: () => Promise<Lease>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (err) {
      // Someone else won the race for this round.
      if (err instanceof StatusError && err.status.code === 409) return false;
      throw err;
    }
  }

  async #release(): Promise<void> {
    const name = this.options.name ?? defaultLeaseName;
    const lease = await this.options.client.get(resources.leases, name, this.#namespace);
    if (lease.spec.holderIdentity !== this.options.identity) return;
    await this.options.client.update(resources.leases, { ...lease, spec: { ...lease.spec, holderIdentity: '', renewTime: formatMicroTime(new Date()) } });
  }
}
