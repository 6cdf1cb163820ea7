import { X509Certificate } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { TestProject } from "vitest/node";
import { createTestCa, type TestCertificate } from "../../examples/reference-facade/certificates";

/**
 * Makes a test CA and has every test worker trust it through NODE_EXTRA_CA_CERTS, the
 * way Auth0's runtime trusts public CAs: the scripts' token endpoint (Auth0's own, with
 * a CA-issued certificate) is stood in for by a local server with a certificate from
 * this CA. Workers start after this runs, so they inherit the variable.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const removeRunFolder = useRunTmpdir();
  // A runner whose workers are threads (Stryker's) reads NODE_EXTRA_CA_CERTS only at
  // its own start: `npm run mutate` makes the CA first and names its folder here.
  const given = process.env.AUTH0_FACADE_TEST_CA_DIR;
  if (given) {
    project.provide("testCa", describeCa(readFileSync(join(given, "ca.pem"), "utf8"), readFileSync(join(given, "ca-key.pem"), "utf8")));
    return removeRunFolder;
  }
  const dir = mkdtempSync(join(tmpdir(), "auth0-facade-ca-"));
  const ca = await writeTestCa(dir);
  process.env.NODE_EXTRA_CA_CERTS = join(dir, "ca.pem");
  project.provide("testCa", ca);
  return removeRunFolder;
}

/**
 * Points TMPDIR at one folder for the run, which workers inherit and os.tmpdir() reads:
 * the scratch folders, servers' data folders and the CA that tests make all land there,
 * and the run removes it at the end instead of leaving thousands of folders in /tmp.
 * Each test project runs this setup; the first one's folder serves them all.
 */
function useRunTmpdir(): () => void {
  const previous = process.env.TMPDIR;
  if (previous !== undefined && basename(previous).startsWith(RUN_FOLDER_PREFIX)) return () => undefined;
  const runFolder = makeRunFolder();
  process.env.TMPDIR = runFolder;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(runFolder, { recursive: true, force: true });
  };
}

const RUN_FOLDER_PREFIX = "auth0-facade-test-run-";

/** A folder for one run's temporary files (`npm run mutate` makes it before Stryker starts). */
export function makeRunFolder(): string {
  const runFolder = mkdtempSync(join(tmpdir(), RUN_FOLDER_PREFIX));
  // Servers that run as their own user (postgres) must reach their data folders inside it.
  chmodSync(runFolder, 0o711);
  return runFolder;
}

/** Makes a test CA and writes ca.pem and ca-key.pem into `dir`. */
export async function writeTestCa(dir: string): Promise<TestCertificate> {
  const ca = await createTestCa();
  writeFileSync(join(dir, "ca.pem"), ca.cert);
  writeFileSync(join(dir, "ca-key.pem"), ca.key, { mode: 0o600 });
  return ca;
}

function describeCa(cert: string, key: string): TestCertificate {
  const sha256WithColons = new X509Certificate(cert).fingerprint256;
  return { cert, key, sha256: sha256WithColons.replace(/:/g, "").toLowerCase(), sha256WithColons };
}

declare module "vitest" {
  export interface ProvidedContext {
    testCa: { cert: string; key: string; sha256: string; sha256WithColons: string };
  }
}
