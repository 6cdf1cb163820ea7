import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { createTestCa } from "../../examples/reference-facade/certificates";

/**
 * Makes a test CA and has every test worker trust it through NODE_EXTRA_CA_CERTS, the
 * way Auth0's runtime trusts public CAs: the scripts' token endpoint (Auth0's own, with
 * a CA-issued certificate) is stood in for by a local server with a certificate from
 * this CA. Workers start after this runs, so they inherit the variable.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), "auth0-facade-ca-"));
  const ca = await createTestCa();
  const caFile = join(dir, "ca.pem");
  writeFileSync(caFile, ca.cert);
  writeFileSync(join(dir, "ca-key.pem"), ca.key, { mode: 0o600 });
  process.env.NODE_EXTRA_CA_CERTS = caFile;
  project.provide("testCa", { cert: ca.cert, key: ca.key, sha256: ca.sha256, sha256WithColons: ca.sha256WithColons });
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    testCa: { cert: string; key: string; sha256: string; sha256WithColons: string };
  }
}
