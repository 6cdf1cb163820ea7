import { X509Certificate } from "node:crypto";
import { generate } from "selfsigned";

// Certificates for running the reference facade locally and for the test suite's stand-ins.

export interface TestCertificate {
  readonly key: string;
  readonly cert: string;
  /** SHA-256 fingerprint as 64 lowercase hex digits. */
  readonly sha256: string;
  /** The same fingerprint as openssl prints it: uppercase, colon-separated. */
  readonly sha256WithColons: string;
}

const LOOPBACK_NAMES = [
  { type: 7 as const, ip: "127.0.0.1" },
  { type: 7 as const, ip: "::1" },
  { type: 2 as const, value: "localhost" },
];

function describe(key: string, cert: string): TestCertificate {
  const sha256WithColons = new X509Certificate(cert).fingerprint256;
  return { key, cert, sha256: sha256WithColons.replace(/:/g, "").toLowerCase(), sha256WithColons };
}

function validity(): { notBeforeDate: Date; notAfterDate: Date } {
  const now = Date.now();
  return { notBeforeDate: new Date(now - 60_000), notAfterDate: new Date(now + 24 * 3600_000) };
}

/** A certificate authority for the test run: the stand-in for the public CAs Auth0 trusts. */
export async function createTestCa(): Promise<TestCertificate> {
  const pems = await generate([{ name: "commonName", value: "auth0-facade test CA" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    ...validity(),
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  return describe(pems.private, pems.cert);
}

/** A loopback server certificate issued by `ca`. */
export async function issueServerCertificate(ca: TestCertificate, commonName: string): Promise<TestCertificate> {
  const pems = await generate([{ name: "commonName", value: commonName }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    ...validity(),
    ca: { key: ca.key, cert: ca.cert },
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: LOOPBACK_NAMES },
    ],
  });
  return describe(pems.private, pems.cert);
}

/**
 * A self-signed loopback certificate, as a facade without a CA-issued one presents.
 * EC P-256 by default (fast to make); `rsa` gives the RSA-2048 key most self-signed
 * certificates in the wild have (openssl's default).
 */
export async function createSelfSignedCertificate(commonName: string, keyType: "ec" | "rsa" = "ec"): Promise<TestCertificate> {
  const pems = await generate([{ name: "commonName", value: commonName }], {
    ...(keyType === "rsa" ? { keyType: "rsa" as const, keySize: 2048 } : { keyType: "ec" as const, curve: "P-256" as const }),
    algorithm: "sha256",
    ...validity(),
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "subjectAltName", altNames: LOOPBACK_NAMES },
    ],
  });
  return describe(pems.private, pems.cert);
}
