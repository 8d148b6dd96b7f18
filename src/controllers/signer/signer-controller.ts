// The signing controller: issues certificates for approved requests of the signer names it
// serves, or marks them Failed when they break the signer's policy. It reaches requests only
// through the API (an informer and /status writes), like kube-controller-manager's csrsigning.
// Mirrors kubernetes pkg/controller/certificates/signer/signer.go (handle).

import type { CertificateSigningRequest } from '../../api/certificates/types.js';
import { hasFailedCondition, isApproved, isIssued } from '../../api/certificates/conditions.js';
import { StatusError } from '../../api/errors.js';
import { encodePem } from '../../pki/pem.js';
import type { RandomSource } from '../../pki/issuer.js';
import type { Certificate } from '../../pki/certificate.js';
import type { CertificateTemplate } from '../../pki/template.js';
import type { Metrics } from '../../runtime/metrics.js';
import { CsrController, type CsrControllerOptions } from '../csr-controller.js';
import { resources, type FollowUp } from '../../api/client.js';
import type { SignerPolicy } from './policies.js';
import { kubernetesTemplate } from './kubernetes-template.js';
import { takeParsedRequest } from '../../api/certificates/parsed-requests.js';
import { formatTime } from '../../api/meta.js';
import { randomOctets } from '../../pki/random.js';

/** Signs with one CA, after checking the request's own signature (see SigningPool). */
export interface CertificateIssuer {
  readonly certificate: Certificate;
  issueFor(requestDer: Uint8Array, template: CertificateTemplate): Promise<Uint8Array>;
}

/** How the controller is set up. */
export interface SignerControllerOptions extends CsrControllerOptions {
  /** The CA for every signer name below (a SigningPool: signing runs on worker threads). */
  readonly issuer: CertificateIssuer;
  /** Signer names this controller signs, with their policies. */
  readonly policies: ReadonlyMap<string, SignerPolicy>;
  /** `--cluster-signing-duration`: the longest validity issued. */
  readonly maxDurationMs: number;
  readonly clock?: () => Date;
  readonly random?: RandomSource;
  readonly metrics?: Metrics;
  /** The URL of the CRL that lists a signer name's revoked certificates, written into what it issues; absent: none. */
  readonly crlUrl?: (signerName: string) => string;
}

/** The signer. */
export class SignerController extends CsrController {
  readonly #opts: SignerControllerOptions;

  constructor(opts: SignerControllerOptions) {
    super(opts, 'signing');
    this.#opts = opts;
  }

  /** Whether this controller signs for `signerName`. */
  serves(signerName: string | undefined): boolean {
    return this.#opts.policies.has(signerName ?? '');
  }

  /**
   * Requests whose status write was handed to the approver's write (handOff), by name, with their
   * uid: their Approved event is not theirs to act on; the Issued (or Failed) one that follows is.
   */
  readonly #handedOff = new Map<string, string>();

  /**
   * The in-process hand-off (FollowUp): the status for a request the approver of this process has
   * just approved, written in the approval's commit rather than after its watch event.
   */
  readonly handOff: FollowUp<CertificateSigningRequest> = async (csr) => {
    const name = csr.metadata.name ?? '';
    const uid = csr.metadata.uid ?? '';
    if (!this.serves(csr.spec.signerName) || this.#handedOff.has(name) || !this.#wants(csr)) return undefined;
    this.#handedOff.set(name, uid);
    let outcome: Outcome;
    try {
      outcome = await this.#decide(csr);
    } catch (err) {
      // Retried the usual way, from the watch.
      this.#release(name, uid);
      throw err;
    }
    return {
      object: { ...csr, status: outcome.status },
      subresource: 'status',
      settled: (result) => {
        if (result instanceof Error) {
          this.#release(name, uid);
          if (!(result instanceof StatusError && result.status.code === 404)) this.queue.add(name);
        } else {
          // After the approver has told of its approval (it learns of the write on this turn), so
          // that the request's events read in the order things happened.
          setImmediate(() => outcome.done(result));
        }
      },
    };
  };

  #release(name: string, uid: string): void {
    if (this.#handedOff.get(name) === uid) this.#handedOff.delete(name);
  }

  /** Approved, neither issued nor failed: what the signer acts on. */
  #wants(csr: CertificateSigningRequest): boolean {
    return !isIssued(csr) && isApproved(csr) && !hasFailedCondition(csr);
  }

  protected async reconcile(name: string): Promise<void> {
    const csr = this.informer.get(name);
    const handedOff = this.#handedOff.get(name);
    if (handedOff !== undefined) {
      // Until its own write shows, a request handed off is the approver's write to finish.
      if (csr && csr.metadata.uid === handedOff && this.#wants(csr)) return;
      this.#handedOff.delete(name);
    }
    if (!csr || !this.#wants(csr) || !this.serves(csr.spec.signerName)) return;
    const outcome = await this.#decide(csr);
    try {
      outcome.done(await this.#opts.client.update(resources.certificateSigningRequests, { ...csr, status: outcome.status }, 'status'));
    } catch (err) {
      // Deleted meanwhile: nothing left to sign. A 409 means it changed meanwhile; the newer
      // version arrives through the watch and the retry works on it.
      if (err instanceof StatusError && err.status.code === 404) return;
      throw err;
    }
  }

  /**
   * The status to write for an approved request: its certificate, or a Failed condition when it
   * breaks the signer's policy; and what to do once it is written (events, metrics).
   */
  async #decide(csr: CertificateSigningRequest): Promise<Outcome> {
    const policy = this.#opts.policies.get(csr.spec.signerName ?? '')!;
    // A request that does not parse or verify is retried, never marked (the in-tree signer's
    // rule). The signature is checked by the issuer just before it signs, unless the API server of
    // this process checked it at create.
    const req = takeParsedRequest(csr);
    const now = (this.#opts.clock ?? (() => new Date()))();
    const violation = policy(req, csr.spec.usages ?? []);
    if (violation !== undefined) {
      return {
        status: {
          ...csr.status,
          conditions: [
            ...(csr.status?.conditions ?? []),
            { type: 'Failed', status: 'True', reason: 'SignerValidationFailure', message: violation, lastUpdateTime: formatTime(now) },
          ],
        },
        done: (written) => this.#opts.events?.record(written, 'Warning', 'SignerValidationFailure', violation),
      };
    }
    const started = process.hrtime.bigint();
    const crlUrl = this.#opts.crlUrl?.(csr.spec.signerName ?? '');
    const template = {
      ...kubernetesTemplate(
        req, csr.spec.usages ?? [], csr.spec.expirationSeconds, this.#opts.maxDurationMs,
        this.#opts.issuer.certificate.notAfter, now, this.#opts.random ?? randomOctets,
      ),
      ...(crlUrl ? { crlDistributionPoints: [crlUrl] } : {}),
    };
    const pem = encodePem('CERTIFICATE', await this.#opts.issuer.issueFor(req.raw, template));
    const signer = { signer: csr.spec.signerName ?? '' };
    this.#opts.metrics?.observe('signet_signing_duration_seconds', 'Time to build and sign a certificate', signer, Number(process.hrtime.bigint() - started) / 1e9);
    return {
      status: { ...csr.status, certificate: Buffer.from(pem).toString('base64') },
      done: (written) => {
        this.#opts.metrics?.inc('signet_certificates_issued_total', 'Certificates issued, by signer name', signer);
        this.#opts.events?.record(written, 'Normal', 'CertificateIssued', `Issued by ${csr.spec.signerName}, valid until ${formatTime(template.notAfter)}`);
      },
    };
  }
}

/** What the signer writes for a request, and what it does once that is stored. */
interface Outcome {
  readonly status: CertificateSigningRequest['status'];
  done(written: CertificateSigningRequest): void;
}
