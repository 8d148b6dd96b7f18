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
import { resources } from '../../api/client.js';
import type { SignerPolicy } from './policies.js';
import { kubernetesTemplate } from './kubernetes-template.js';
import { takeParsedRequest } from '../parsed-request.js';
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
}

/** The signer. */
export class SignerController extends CsrController {
  readonly #opts: SignerControllerOptions;

  constructor(opts: SignerControllerOptions) {
    super({ ...opts, workers: opts.workers ?? 4 }, 'signing');
    this.#opts = opts;
  }

  protected async reconcile(name: string): Promise<void> {
    const csr = this.informer.get(name);
    if (!csr || isIssued(csr) || !isApproved(csr) || hasFailedCondition(csr)) return;
    const policy = this.#opts.policies.get(csr.spec.signerName ?? '');
    if (!policy) return;
    // A request that does not parse or verify is retried, never marked (the in-tree signer's
    // rule). The signature is checked by the issuer just before it signs, unless the API server of
    // this process checked it at create.
    const req = takeParsedRequest(csr);
    const now = (this.#opts.clock ?? (() => new Date()))();
    const violation = policy(req, csr.spec.usages ?? []);
    if (violation !== undefined) {
      this.#opts.events?.record(csr, 'Warning', 'SignerValidationFailure', violation);
      await this.#writeStatus(csr, {
        ...csr.status,
        conditions: [
          ...(csr.status?.conditions ?? []),
          { type: 'Failed', status: 'True', reason: 'SignerValidationFailure', message: violation, lastUpdateTime: formatTime(now) },
        ],
      });
      return;
    }
    const started = process.hrtime.bigint();
    const template = kubernetesTemplate(
      req, csr.spec.usages ?? [], csr.spec.expirationSeconds, this.#opts.maxDurationMs,
      this.#opts.issuer.certificate.notAfter, now, this.#opts.random ?? randomOctets,
    );
    const pem = encodePem('CERTIFICATE', await this.#opts.issuer.issueFor(req.raw, template));
    const signer = { signer: csr.spec.signerName ?? '' };
    this.#opts.metrics?.observe('signet_signing_duration_seconds', 'Time to build and sign a certificate', signer, Number(process.hrtime.bigint() - started) / 1e9);
    await this.#writeStatus(csr, { ...csr.status, certificate: Buffer.from(pem).toString('base64') });
    this.#opts.metrics?.inc('signet_certificates_issued_total', 'Certificates issued, by signer name', signer);
    this.#opts.events?.record(csr, 'Normal', 'CertificateIssued', `Issued by ${csr.spec.signerName}, valid until ${formatTime(template.notAfter)}`);
  }

  async #writeStatus(csr: CertificateSigningRequest, status: CertificateSigningRequest['status']): Promise<void> {
    try {
      await this.#opts.client.update(resources.certificateSigningRequests, { ...csr, status }, 'status');
    } catch (err) {
      // Deleted meanwhile: nothing left to sign. A 409 means it changed meanwhile; the newer
      // version arrives through the watch and the retry works on it.
      if (err instanceof StatusError && err.status.code === 404) return;
      throw err;
    }
  }
}
