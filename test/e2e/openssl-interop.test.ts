// Interop with the real openssl (3.0) both ways: requests, certificates and keys made by one are
// read by the other, and node:crypto's X509Certificate agrees on what signet issues.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { createCsr, parseCsr, parseCsrPem, verifyCsrSignature } from '../../src/pki/csr.js';
import { commonName, encodeName, formatName, NameAttr, nameValues, type Name, type NameEntry } from '../../src/pki/name.js';
import { PkiError } from '../../src/pki/errors.js';
import { Issuer, keyIdOf, randomSerial, selfSign } from '../../src/pki/issuer.js';
import type { Certificate } from '../../src/pki/certificate.js';
import type { CertificateTemplate } from '../../src/pki/template.js';
import { resolveUsages } from '../../src/pki/usages.js';
import { cfsslValidity, kubernetesValidity } from '../../src/pki/validity.js';
import { defaultCaExpiryMs, initCaTemplate } from '../../src/pki/cfssl/profile.js';
import type { CfsslCaOptions } from '../../src/pki/cfssl/csr-json.js';
import { decodePrivateKeyPem, encodePrivateKeyPem, generateKeyPair, publicKeyInfoOf, type KeyType, type PrivateKeyForm } from '../../src/pki/keys.js';
import { encodePem } from '../../src/pki/pem.js';
import { noAltNames, type SubjectAltNames } from '../../src/pki/general-name.js';
import { Tag } from '../../src/pki/der/tags.js';
import { nameOpt, openssl, opensslRaw, opensslReqText, opensslX509Text, parseSanText, sortedSans } from './openssl-text.js';

/** A subject as test data: [short name, value] pairs, each pair one RDN unless grouped. */
type Rdns = readonly (readonly (readonly [keyof typeof NameAttr, string])[])[];

/** openssl's one-line form of test data (`CN = a + O = b, O = c`). */
function opensslLine(rdns: Rdns): string {
  return rdns.map((rdn) => rdn.map(([k, v]) => `${k} = ${v}`).join(' + ')).join(', ');
}

/** node:crypto's form of a single-valued subject (`C=US\nCN=x`). */
function nodeLines(rdns: Rdns): string {
  return rdns.map((rdn) => rdn.map(([k, v]) => `${k}=${v}`).join(' + ')).join('\n');
}

function toName(rdns: Rdns): Name {
  return encodeName(rdns.map((rdn) => rdn.map(([k, v]): NameEntry => ({ type: NameAttr[k], value: v }))));
}

function hexColons(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(':');
}

function sans(p: Partial<SubjectAltNames>): SubjectAltNames {
  return { ...noAltNames, ...p };
}

const kthwSubject: Rdns = [[['C', 'US']], [['ST', 'Oregon']], [['L', 'Portland']], [['O', 'system:nodes']], [['OU', 'Kubernetes The Hard Way']], [['CN', 'system:node:worker-0']]];

describe('Interop with openssl both ways', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'signet-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('requests made by openssl req', () => {
    interface ReqCase {
      readonly newkey: readonly string[];
      readonly subj: string;
      readonly extra?: readonly string[];
      readonly subjectAltName?: string;
      readonly formatted: string;
      readonly cn: string;
      readonly o: readonly string[];
      readonly sans: SubjectAltNames;
      readonly key: { algorithm: string; bits: number; curve?: string };
      readonly sigalg: string;
      readonly utf8?: boolean;
    }
    const cases: Record<string, ReqCase> = {
      'an RSA 2048 request with the kubelet subject and no SANs parses and verifies': {
        newkey: ['-newkey', 'rsa:2048'],
        subj: '/C=US/ST=Oregon/L=Portland/O=system:nodes/OU=Kubernetes The Hard Way/CN=system:node:worker-0',
        formatted: opensslLine(kthwSubject),
        cn: 'system:node:worker-0',
        o: ['system:nodes'],
        sans: noAltNames,
        key: { algorithm: 'rsa', bits: 2048 },
        sigalg: 'SHA256WithRSA',
      },
      'an RSA 3072 request with DNS and IPv4 SANs parses and verifies': {
        newkey: ['-newkey', 'rsa:3072'],
        subj: '/CN=kubernetes/O=Kubernetes',
        subjectAltName: 'DNS:kubernetes,DNS:kubernetes.default.svc,IP:10.32.0.1,IP:127.0.0.1',
        formatted: 'CN = kubernetes, O = Kubernetes',
        cn: 'kubernetes',
        o: ['Kubernetes'],
        sans: sans({ dns: ['kubernetes', 'kubernetes.default.svc'], ips: ['10.32.0.1', '127.0.0.1'] }),
        key: { algorithm: 'rsa', bits: 3072 },
        sigalg: 'SHA256WithRSA',
      },
      'a P-256 request with DNS, IPv4, IPv6, email and URI SANs parses and verifies': {
        newkey: ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'],
        subj: '/CN=system:serviceaccount:default:builder',
        subjectAltName: 'DNS:builder.example,IP:10.0.0.1,IP:2001:db8::1,IP:2001:db8:0:0:1:0:0:1,email:jane@example.com,URI:spiffe://cluster.local/ns/default/sa/builder',
        formatted: 'CN = system:serviceaccount:default:builder',
        cn: 'system:serviceaccount:default:builder',
        o: [],
        sans: sans({
          dns: ['builder.example'],
          ips: ['10.0.0.1', '2001:db8::1', '2001:db8::1:0:0:1'],
          emails: ['jane@example.com'],
          uris: ['spiffe://cluster.local/ns/default/sa/builder'],
        }),
        key: { algorithm: 'ecdsa', bits: 256, curve: 'P-256' },
        sigalg: 'ECDSAWithSHA256',
      },
      'a P-384 request with a multi-valued RDN keeps both values in one RDN': {
        newkey: ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384'],
        subj: '/CN=a+O=b/O=c',
        extra: ['-multivalue-rdn'],
        subjectAltName: 'IP:::1',
        formatted: 'CN = a + O = b, O = c',
        cn: 'a',
        o: ['b', 'c'],
        sans: sans({ ips: ['::1'] }),
        key: { algorithm: 'ecdsa', bits: 384, curve: 'P-384' },
        sigalg: 'ECDSAWithSHA256',
      },
      'a request with domainComponent and emailAddress attributes parses and verifies': {
        newkey: ['-newkey', 'rsa:2048'],
        subj: '/DC=com/DC=example/O=Example/CN=jane/emailAddress=jane@example.com',
        formatted: 'DC = com, DC = example, O = Example, CN = jane, emailAddress = jane@example.com',
        cn: 'jane',
        o: ['Example'],
        sans: noAltNames,
        key: { algorithm: 'rsa', bits: 2048 },
        sigalg: 'SHA256WithRSA',
      },
      'a request whose values hold a comma and a plus sign prints them as openssl does': {
        newkey: ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'],
        subj: '/O=Acme\\, Inc./OU=R\\+D/CN=x',
        extra: ['-multivalue-rdn'],
        // openssl's one-line form quotes a value that holds an RFC 2253 special character.
        formatted: 'O = "Acme, Inc.", OU = "R+D", CN = x',
        cn: 'x',
        o: ['Acme, Inc.'],
        sans: noAltNames,
        key: { algorithm: 'ecdsa', bits: 256, curve: 'P-256' },
        sigalg: 'ECDSAWithSHA256',
      },
      'an Ed25519 request with a UTF-8 subject parses and verifies': {
        newkey: ['-newkey', 'ed25519'],
        subj: '/C=DE/O=Müller & Söhne/OU=株式会社/CN=Jürgen',
        extra: ['-utf8'],
        subjectAltName: 'email:juergen@example.de',
        formatted: 'C = DE, O = Müller & Söhne, OU = 株式会社, CN = Jürgen',
        cn: 'Jürgen',
        o: ['Müller & Söhne'],
        sans: sans({ emails: ['juergen@example.de'] }),
        key: { algorithm: 'ed25519', bits: 256 },
        sigalg: 'Ed25519',
        utf8: true,
      },
    };
    for (const [name, tc] of Object.entries(cases)) {
      test(name, () => {
        const file = join(dir, `req-${Object.keys(cases).indexOf(name)}.csr`);
        const args = ['req', '-new', ...tc.newkey, '-nodes', '-keyout', `${file}.key`, ...(tc.extra ?? []), '-subj', tc.subj, '-out', file];
        if (tc.subjectAltName) args.push('-addext', `subjectAltName=${tc.subjectAltName}`);
        openssl(args);
        const csr = parseCsrPem(readFileSync(file, 'utf8'));
        verifyCsrSignature(csr);
        // openssl's own reading of the request is what was asked for; signet's parsed values follow.
        assert.equal(openssl(['req', '-in', file, '-noout', '-subject', '-nameopt', nameOpt]).trim(), `subject=${tc.formatted}`);
        assert.equal(commonName(csr.subject), tc.cn);
        assert.deepEqual(nameValues(csr.subject, NameAttr.O), tc.o);
        assert.deepEqual({ ...csr.sans }, { ...tc.sans });
        assert.equal(csr.publicKey.algorithm, tc.key.algorithm);
        assert.equal(csr.publicKey.bits, tc.key.bits);
        assert.equal(csr.publicKey.curve, tc.key.curve);
        assert.equal(csr.signatureAlgorithm.name, tc.sigalg);
        // With -utf8 openssl writes UTF8String, except countryName, which X.520 fixes as PrintableString.
        if (tc.utf8) {
          for (const atv of csr.subject.rdns.flat()) {
            assert.equal(atv.tag, atv.type === NameAttr.C ? Tag.PrintableString : Tag.Utf8String, `string type of ${atv.value}`);
          }
        }
        assert.equal(formatName(csr.subject), tc.formatted);
      });
    }
  });

  describe('requests whose signature was flipped', () => {
    const cases: Record<string, readonly string[]> = {
      'an RSA request with one flipped signature byte fails verification with a PkiError': ['-newkey', 'rsa:2048'],
      'a P-256 request with one flipped signature byte fails verification with a PkiError': ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'],
      'an Ed25519 request with one flipped signature byte fails verification with a PkiError': ['-newkey', 'ed25519'],
    };
    for (const [name, newkey] of Object.entries(cases)) {
      test(name, () => {
        const file = join(dir, `flip-${Object.keys(cases).indexOf(name)}.csr`);
        openssl(['req', '-new', ...newkey, '-nodes', '-keyout', `${file}.key`, '-subj', '/CN=flip', '-out', file]);
        const good = parseCsrPem(readFileSync(file, 'utf8'));
        verifyCsrSignature(good);
        // The signature BIT STRING ends the DER; its last octet is inside the signature value
        // for every algorithm (for ECDSA, inside s), so the request still parses.
        const der = Uint8Array.from(good.raw);
        der[der.length - 1]! ^= 0x01;
        const bad = parseCsr(der);
        assert.throws(() => verifyCsrSignature(bad), (err: unknown) => err instanceof PkiError && err.kind === 'signature');
        // openssl rejects the same bytes (3.0 exits 0 from req -verify, so read its verdict).
        const badFile = `${file}.bad`;
        writeFileSync(badFile, encodePem('CERTIFICATE REQUEST', der));
        assert.match(opensslRaw(['req', '-in', badFile, '-verify', '-noout']).out, /verify failure/);
      });
    }
  });

  describe('requests made by createCsr', () => {
    interface CreateCase {
      readonly key: KeyType;
      readonly subject: Rdns;
      readonly sans?: SubjectAltNames;
      readonly usages?: readonly string[];
      readonly keyUsageText?: string;
      readonly ekuText?: string;
    }
    const cases: Record<string, CreateCase> = {
      'an RSA 2048 request without extensions passes openssl req -verify': { key: 'rsa-2048', subject: kthwSubject },
      'a P-256 request with every SAN kind passes openssl req -verify and shows the same SANs': {
        key: 'ecdsa-p256',
        subject: [[['CN', 'system:node:worker-1']], [['O', 'system:nodes']]],
        sans: sans({ dns: ['worker-1'], ips: ['10.240.0.21', 'fd00::21'], emails: ['ops@example.com'], uris: ['spiffe://cluster.local/node/worker-1'] }),
      },
      'a P-384 request with key usages and a multi-valued RDN passes openssl req -verify': {
        key: 'ecdsa-p384',
        subject: [[['CN', 'a'], ['O', 'b']], [['O', 'c']]],
        usages: ['digital signature', 'client auth'],
        keyUsageText: 'Digital Signature',
        ekuText: 'TLS Web Client Authentication',
      },
      'a P-521 request passes openssl req -verify': { key: 'ecdsa-p521', subject: [[['CN', 'p521']]] },
      'an Ed25519 request with a UTF-8 subject passes openssl req -verify': {
        key: 'ed25519',
        subject: [[['O', 'Müller & Söhne']], [['CN', 'Jürgen']]],
        sans: sans({ dns: ['juergen.example'] }),
      },
    };
    for (const [name, tc] of Object.entries(cases)) {
      test(name, () => {
        const { privateKey } = generateKeyPair(tc.key);
        const usages = resolveUsages(tc.usages ?? []);
        const der = createCsr({
          subject: toName(tc.subject).raw,
          privateKey,
          sans: tc.sans,
          keyUsage: usages.keyUsage,
          extKeyUsage: usages.extKeyUsage,
        });
        const file = join(dir, `signet-${tc.key}.csr`);
        writeFileSync(file, encodePem('CERTIFICATE REQUEST', der));
        assert.match(opensslRaw(['req', '-in', file, '-verify', '-noout']).out, /verify OK/);
        const text = opensslReqText(file);
        assert.equal(text.subject, opensslLine(tc.subject));
        assert.deepEqual(parseSanText(text.extensions.get('X509v3 Subject Alternative Name')?.value), sortedSans(tc.sans ?? noAltNames));
        assert.equal(text.extensions.get('X509v3 Key Usage')?.value, tc.keyUsageText);
        assert.equal(text.extensions.get('X509v3 Extended Key Usage')?.value, tc.ekuText);
      });
    }
  });

  describe('certificates issued by signet', () => {
    interface IssueCase {
      readonly caKey: KeyType;
      readonly leafKey: KeyType;
      readonly sigalg: string;
      readonly caKeyText: { algorithm: string; bits?: number; curve?: string };
      readonly usages: readonly string[];
      readonly keyUsageText: string;
      readonly ekuText: string;
      readonly subject: Rdns;
      readonly sans: SubjectAltNames;
      /** CA options as a CSR JSON's "ca" object gives them; default cfssl's. */
      readonly ca?: CfsslCaOptions;
      readonly caConstraintText?: string;
      /** The signer's maximum duration; default 24 h. */
      readonly leafMaxMs?: number;
    }
    const year = 365 * 24 * 3_600_000;
    const kubeletSans = sans({ dns: ['worker-0'], ips: ['203.0.113.20', '10.240.0.20'] });
    const cases: Record<string, IssueCase> = {
      'an RSA-2048 CA issues a kubelet certificate openssl verifies and reads back field for field': {
        caKey: 'rsa-2048',
        leafKey: 'rsa-2048',
        sigalg: 'sha256WithRSAEncryption',
        caKeyText: { algorithm: 'rsaEncryption', bits: 2048 },
        usages: ['signing', 'key encipherment', 'server auth', 'client auth'],
        keyUsageText: 'Digital Signature, Key Encipherment',
        ekuText: 'TLS Web Server Authentication, TLS Web Client Authentication',
        subject: kthwSubject,
        sans: kubeletSans,
      },
      'a P-256 CA issues a server certificate with every SAN kind that openssl verifies': {
        caKey: 'ecdsa-p256',
        leafKey: 'ecdsa-p256',
        sigalg: 'ecdsa-with-SHA256',
        caKeyText: { algorithm: 'id-ecPublicKey', bits: 256, curve: 'P-256' },
        usages: ['digital signature', 'server auth'],
        keyUsageText: 'Digital Signature',
        ekuText: 'TLS Web Server Authentication',
        subject: [[['O', 'Kubernetes']], [['CN', 'kubernetes']]],
        sans: sans({
          dns: ['kubernetes', 'kubernetes.default.svc.cluster.local'],
          ips: ['10.32.0.1', '2001:db8::1'],
          emails: ['ops@example.com'],
          uris: ['spiffe://cluster.local/ns/kube-system/sa/apiserver'],
        }),
      },
      'a P-384 CA with pathlen 1 and a 30-year life issues an RSA-3072 certificate capped at the CA\'s end that openssl verifies': {
        ca: { pathLen: 1, pathLenZero: false, expiryMs: 30 * year },
        caConstraintText: 'CA:TRUE, pathlen:1',
        leafMaxMs: 40 * year,
        caKey: 'ecdsa-p384',
        leafKey: 'rsa-3072',
        sigalg: 'ecdsa-with-SHA384',
        caKeyText: { algorithm: 'id-ecPublicKey', bits: 384, curve: 'P-384' },
        usages: ['client auth', 'key encipherment', 'digital signature'],
        keyUsageText: 'Digital Signature, Key Encipherment',
        ekuText: 'TLS Web Client Authentication',
        subject: [[['O', 'system:masters']], [['CN', 'admin']]],
        sans: noAltNames,
      },
      'an Ed25519 CA with pathlen 0 issues an Ed25519 client certificate with a UTF-8 subject that openssl verifies': {
        ca: { pathLenZero: true },
        caConstraintText: 'CA:TRUE, pathlen:0',
        caKey: 'ed25519',
        leafKey: 'ed25519',
        sigalg: 'ED25519',
        caKeyText: { algorithm: 'ED25519' },
        usages: ['digital signature', 'client auth', 'server auth'],
        keyUsageText: 'Digital Signature',
        ekuText: 'TLS Web Server Authentication, TLS Web Client Authentication',
        subject: [[['O', 'Müller & Söhne']], [['CN', 'Jürgen']]],
        sans: sans({ dns: ['juergen.example'] }),
      },
    };
    const caSubject: Rdns = [[['C', 'US']], [['L', 'Portland']], [['O', 'Kubernetes']], [['OU', 'CA']], [['CN', 'Kubernetes']]];
    for (const [name, tc] of Object.entries(cases)) {
      describe(name, () => {
        const now = new Date();
        // `dir` is set by the suite's before() hook, so the path is computed when a test runs.
        const base = (): string => join(dir, `issued-${tc.caKey}`);
        let ca: Certificate;
        let leafTemplate: CertificateTemplate;
        let leafPem = '';
        before(() => {
          const caKey = generateKeyPair(tc.caKey).privateKey;
          ca = selfSign(initCaTemplate(toName(caSubject).raw, publicKeyInfoOf(caKey), [], tc.ca, now), caKey);
          writeFileSync(`${base()}-ca.pem`, encodePem('CERTIFICATE', ca.raw));
          leafTemplate = makeLeafTemplate(tc, generateKeyPair(tc.leafKey).privateKey, ca, now);
          leafPem = encodePem('CERTIFICATE', new Issuer(ca, caKey).issue(leafTemplate));
          writeFileSync(`${base()}-leaf.pem`, leafPem);
        });

        test('the self-signed CA passes openssl verify and shows CA:TRUE (critical), cert sign and CRL sign', () => {
          assert.match(openssl(['verify', '-CAfile', `${base()}-ca.pem`, `${base()}-ca.pem`]), /: OK$/m);
          const text = opensslX509Text(`${base()}-ca.pem`);
          assert.equal(text.subject, opensslLine(caSubject));
          assert.equal(text.issuer, opensslLine(caSubject));
          assert.equal(text.signatureAlgorithm, tc.sigalg);
          assert.equal(text.publicKeyAlgorithm, tc.caKeyText.algorithm);
          assert.equal(text.publicKeyBits, tc.caKeyText.bits);
          assert.equal(text.curve, tc.caKeyText.curve);
          assert.deepEqual([...text.extensions.keys()].sort(), ['X509v3 Basic Constraints', 'X509v3 Key Usage', 'X509v3 Subject Key Identifier']);
          assert.deepEqual(text.extensions.get('X509v3 Key Usage'), { critical: true, value: 'Certificate Sign, CRL Sign' });
          assert.deepEqual(text.extensions.get('X509v3 Basic Constraints'), { critical: true, value: tc.caConstraintText ?? 'CA:TRUE' });
          assert.equal(text.extensions.get('X509v3 Subject Key Identifier')?.value, hexColons(keyIdOf(ca.publicKey.raw)));
          const expected = cfsslValidity(now, tc.ca?.expiryMs ?? defaultCaExpiryMs);
          assert.equal(text.notBefore?.getTime(), expected.notBefore.getTime());
          assert.equal(text.notAfter?.getTime(), expected.notAfter.getTime());
          const x = new X509Certificate(readFileSync(`${base()}-ca.pem`));
          assert.equal(x.ca, true);
          assert.equal(x.checkIssued(x), true);
          assert.equal(x.verify(x.publicKey), true);
        });

        test('the leaf passes openssl verify -CAfile ca.pem', () => {
          assert.match(openssl(['verify', '-CAfile', `${base()}-ca.pem`, `${base()}-leaf.pem`]), /: OK$/m);
        });

        test('openssl x509 -text shows exactly the expected subject, SANs, usages, constraints, algorithm and validity', () => {
          const text = opensslX509Text(`${base()}-leaf.pem`);
          assert.equal(text.subject, opensslLine(tc.subject));
          assert.equal(text.issuer, opensslLine(caSubject));
          assert.equal(text.serial, Buffer.from(leafTemplate.serialNumber).toString('hex').replace(/^0+/, ''));
          assert.equal(text.signatureAlgorithm, tc.sigalg);
          assert.equal(text.notBefore?.getTime(), leafTemplate.notBefore.getTime());
          assert.equal(text.notAfter?.getTime(), leafTemplate.notAfter.getTime());
          if (tc.leafMaxMs !== undefined && tc.leafMaxMs > (tc.ca?.expiryMs ?? defaultCaExpiryMs)) {
            assert.equal(text.notAfter?.getTime(), ca.notAfter.getTime(), 'capped at the CA\'s notAfter');
          }
          const names = ['X509v3 Authority Key Identifier', 'X509v3 Basic Constraints', 'X509v3 Extended Key Usage', 'X509v3 Key Usage', 'X509v3 Subject Key Identifier'];
          if (tc.sans !== noAltNames) names.push('X509v3 Subject Alternative Name');
          assert.deepEqual([...text.extensions.keys()].sort(), names.sort());
          assert.deepEqual(text.extensions.get('X509v3 Key Usage'), { critical: true, value: tc.keyUsageText });
          assert.deepEqual(text.extensions.get('X509v3 Extended Key Usage'), { critical: false, value: tc.ekuText });
          assert.deepEqual(text.extensions.get('X509v3 Basic Constraints'), { critical: true, value: 'CA:FALSE' });
          assert.equal(text.extensions.get('X509v3 Subject Key Identifier')?.value, hexColons(leafTemplate.subjectKeyId!));
          assert.equal(text.extensions.get('X509v3 Authority Key Identifier')?.value, hexColons(ca.subjectKeyId!));
          const san = text.extensions.get('X509v3 Subject Alternative Name');
          assert.equal(san?.critical ?? false, false);
          assert.deepEqual(parseSanText(san?.value), sortedSans(tc.sans));
        });

        test('node:crypto X509Certificate agrees on subject, SANs, validity, serial, CA flag and issuer', () => {
          const x = new X509Certificate(leafPem);
          const caX = new X509Certificate(readFileSync(`${base()}-ca.pem`));
          assert.equal(x.subject, nodeLines(tc.subject));
          assert.deepEqual(parseSanText(x.subjectAltName), sortedSans(tc.sans));
          assert.equal(new Date(x.validFrom).getTime(), leafTemplate.notBefore.getTime());
          assert.equal(new Date(x.validTo).getTime(), leafTemplate.notAfter.getTime());
          assert.equal(BigInt(`0x${x.serialNumber}`), BigInt(`0x${Buffer.from(leafTemplate.serialNumber).toString('hex')}`));
          assert.equal(x.ca, false);
          assert.equal(x.checkIssued(caX), true);
          assert.equal(x.verify(caX.publicKey), true);
          assert.equal(x.verify(createPublicKey(generateKeyPair(tc.caKey).privateKey)), false);
        });
      });
    }
  });

  describe('private keys', () => {
    const written: Record<string, { key: KeyType; form: PrivateKeyForm; label: string }> = {
      'an RSA key written as PKCS#1 is read by openssl pkey': { key: 'rsa-2048', form: 'pkcs1', label: 'RSA PRIVATE KEY' },
      'an RSA key written as PKCS#8 is read by openssl pkey': { key: 'rsa-2048', form: 'pkcs8', label: 'PRIVATE KEY' },
      'a P-256 key written as SEC1 is read by openssl pkey': { key: 'ecdsa-p256', form: 'sec1', label: 'EC PRIVATE KEY' },
      'a P-384 key written as PKCS#8 is read by openssl pkey': { key: 'ecdsa-p384', form: 'pkcs8', label: 'PRIVATE KEY' },
      'a P-521 key written as SEC1 is read by openssl pkey': { key: 'ecdsa-p521', form: 'sec1', label: 'EC PRIVATE KEY' },
      'an Ed25519 key written as PKCS#8 is read by openssl pkey': { key: 'ed25519', form: 'pkcs8', label: 'PRIVATE KEY' },
    };
    for (const [name, tc] of Object.entries(written)) {
      test(name, () => {
        const { privateKey } = generateKeyPair(tc.key);
        const pem = encodePrivateKeyPem(privateKey, tc.form);
        assert.match(pem, new RegExp(`^-----BEGIN ${tc.label}-----\n`));
        const file = join(dir, `written-${tc.key}-${tc.form}.pem`);
        writeFileSync(file, pem, { mode: 0o600 });
        openssl(['pkey', '-in', file, '-noout']);
        assert.equal(openssl(['pkey', '-in', file, '-pubout']), createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }));
      });
    }

    test('a key type without the requested form is refused with a PkiError', () => {
      const { privateKey } = generateKeyPair('ed25519');
      assert.throws(() => encodePrivateKeyPem(privateKey, 'sec1'), (err: unknown) => err instanceof PkiError && err.kind === 'key');
    });

    const read: Record<string, { args: readonly string[]; label: string; type: string }> = {
      'an RSA key from openssl genrsa (PKCS#8, the 3.0 default) is read by decodePrivateKeyPem': { args: ['genrsa', '2048'], label: 'PRIVATE KEY', type: 'rsa' },
      'an RSA key from openssl genrsa -traditional (PKCS#1) is read by decodePrivateKeyPem': { args: ['genrsa', '-traditional', '2048'], label: 'RSA PRIVATE KEY', type: 'rsa' },
      'a P-256 key from openssl ecparam -genkey (SEC1, after EC PARAMETERS) is read by decodePrivateKeyPem': {
        args: ['ecparam', '-name', 'prime256v1', '-genkey'],
        label: 'EC PRIVATE KEY',
        type: 'ec',
      },
      'a P-384 key from openssl ecparam -genkey -noout (SEC1) is read by decodePrivateKeyPem': {
        args: ['ecparam', '-name', 'secp384r1', '-genkey', '-noout'],
        label: 'EC PRIVATE KEY',
        type: 'ec',
      },
      'an Ed25519 key from openssl genpkey (PKCS#8) is read by decodePrivateKeyPem': { args: ['genpkey', '-algorithm', 'ed25519'], label: 'PRIVATE KEY', type: 'ed25519' },
    };
    for (const [name, tc] of Object.entries(read)) {
      test(name, () => {
        const file = join(dir, `read-${Object.keys(read).indexOf(name)}.pem`);
        writeFileSync(file, openssl(tc.args), { mode: 0o600 });
        const text = readFileSync(file, 'utf8');
        assert.match(text, new RegExp(`-----BEGIN ${tc.label}-----\n`));
        const key: KeyObject = decodePrivateKeyPem(text);
        assert.equal(key.type, 'private');
        assert.equal(key.asymmetricKeyType, tc.type);
        assert.equal(createPublicKey(key).export({ format: 'pem', type: 'spki' }), openssl(['pkey', '-in', file, '-pubout']));
      });
    }
  });
});

/** A leaf template as a signer would build it: Kubernetes validity, CA:FALSE, SKI of the key. */
function makeLeafTemplate(
  tc: { usages: readonly string[]; subject: Rdns; sans: SubjectAltNames; leafMaxMs?: number },
  leafKey: KeyObject,
  ca: Certificate,
  now: Date,
): CertificateTemplate {
  const spki = publicKeyInfoOf(leafKey);
  const usages = resolveUsages(tc.usages);
  assert.deepEqual(usages.unknown, []);
  return {
    serialNumber: randomSerial(),
    subject: toName(tc.subject).raw,
    publicKeyInfo: spki,
    ...kubernetesValidity(now, tc.leafMaxMs ?? 24 * 3_600_000, undefined, ca.notAfter),
    keyUsage: usages.keyUsage,
    extKeyUsage: usages.extKeyUsage,
    basicConstraints: { ca: false },
    sans: tc.sans,
    subjectKeyId: keyIdOf(spki),
  };
}
