/**
 * The tenant's side of the hot-path benchmark, in its own process as it would be on its
 * own machine: the local token endpoint and the reference facade for the dev example's
 * synthesized stack. Started with fork(); answers "stats" and "close" over IPC.
 */
import { LocalTenant } from "../test/support/local-tenant";
import { synthesizeExamples } from "../test/support/synthesized-examples";

export const BENCH_USER = { email: "bench@example.com", password: "a passphrase for benchmarks" };
/** The facade hashes passwords the same way for both scripts; kept cheap so the scripts' own costs show. */
const SCRYPT_COST = 16;

export interface StandInStats {
  tokensIssued: number;
  tokenRequests: number;
  facadeHandshakes: number;
  facadeRequests: number;
  resumedSessions: number;
}

async function main(): Promise<void> {
  const ca = JSON.parse(process.env.BENCH_CA ?? "null");
  if (!ca) throw new Error("run through `npm run bench`: BENCH_CA is missing");
  const tenant = await LocalTenant.start(synthesizeExamples().stacks.dev, { ca, scryptCost: SCRYPT_COST, facadeCertificate: "self-signed-rsa" });
  await tenant.store.add(BENCH_USER);
  const stats = (): StandInStats => ({
    tokensIssued: tenant.tokenEndpoint.stats.issued,
    tokenRequests: tenant.tokenEndpoint.stats.requests,
    facadeHandshakes: tenant.facade.stats.connections,
    facadeRequests: tenant.facade.stats.requests,
    resumedSessions: tenant.facade.stats.resumedSessions,
  });
  process.on("message", (message: string) => {
    if (message === "stats") process.send?.({ stats: stats() });
    if (message === "close") void tenant.close().then(() => process.exit(0));
  });
  process.send?.({ ready: { configuration: tenant.configuration, facadeCertificatePem: tenant.facadeCertificate.cert } });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
