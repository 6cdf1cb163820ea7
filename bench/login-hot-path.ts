/**
 * The tenant's loop: the bundled `login` on one warm container against the reference
 * facade, versus the recipe-style baseline (bench/baseline-login.js) and versus the floor
 * (a bare keep-alive HTTPS client sending the same authenticate request with the same
 * cached token to the same facade), and the first login of a cold container. The facade and token endpoint run in their own process
 * (bench/stand-ins.ts), so the CPU this process spends is the container's own cost.
 * Runs in a child process that trusts the bench CA (NODE_EXTRA_CA_CERTS), as Auth0's
 * runtime trusts public CAs. Prints one JSON line.
 */
import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { Agent, request } from "node:https";
import { join } from "node:path";
import { AUTHENTICATE } from "../contract/facade-contract";
import { PROJECT_ROOT } from "../lib/paths";
import { ScriptContainer } from "../test/support/auth0-sandbox";
import { scriptText, synthesizeExamples } from "../test/support/synthesized-examples";
import { median, percentile } from "./measure";
import { BENCH_USER, type StandInStats } from "./stand-ins";

const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 3000);
const WARMUP_CALLS = 50;

export interface LoadResult {
  concurrency: number;
  logins: number;
  loginsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU time this process (the container) spent per login, in ms. */
  cpuMsPerLogin: number;
  failures: number;
}

type Login = () => Promise<{ readonly error?: unknown; readonly milliseconds: number }>;

/** Keeps `concurrency` logins in flight for DURATION_MS, recording each one's latency. */
async function load(login: Login, concurrency: number): Promise<LoadResult> {
  for (let i = 0; i < WARMUP_CALLS; i++) await login();
  const latencies: number[] = [];
  let failures = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const worker = async () => {
    while (performance.now() - started < DURATION_MS) {
      const { error, milliseconds } = await login();
      if (error) failures++;
      latencies.push(milliseconds);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    concurrency,
    logins: latencies.length,
    loginsPerSecond: (latencies.length / elapsed) * 1000,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    cpuMsPerLogin: (cpu.user + cpu.system) / 1000 / latencies.length,
    failures,
  };
}

/** POSTs JSON on `agent`; resolves with the status and parsed body. */
function postJson(url: URL, agent: Agent, headers: Record<string, string>, body: unknown): Promise<{ status: number; body: any }> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { method: "POST", agent, headers: { ...headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString() || "null") }));
        response.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(text);
  });
}

/**
 * The floor: what any client must do for a login, and nothing else. One token fetched
 * up front, then the authenticate request on a kept-alive agent that trusts the facade's
 * certificate as its CA (no pin check, TLS sessions resumable).
 */
async function floorLogin(configuration: Record<string, string>, facadeCertificatePem: string): Promise<{ login: Login; close(): void }> {
  const { status, body } = await postJson(
    new URL(configuration.TOKEN_URL),
    new Agent(),
    {},
    {
      grant_type: "client_credentials",
      client_id: configuration.CLIENT_ID,
      client_secret: configuration.CLIENT_SECRET,
      audience: configuration.FACADE_AUDIENCE,
    },
  );
  if (status !== 200) throw new Error(`the floor could not get a token: ${status}`);
  const headers = { authorization: `Bearer ${body.access_token}` };
  const agent = new Agent({ keepAlive: true, ca: facadeCertificatePem, checkServerIdentity: () => undefined });
  const url = new URL(configuration.FACADE_URL.replace(/\/+$/, "") + AUTHENTICATE.path);
  const login: Login = async () => {
    const started = performance.now();
    try {
      const answer = await postJson(url, agent, headers, { email: BENCH_USER.email, password: BENCH_USER.password });
      return { error: answer.status === 200 ? undefined : new Error(`authenticate answered ${answer.status}`), milliseconds: performance.now() - started };
    } catch (error) {
      return { error, milliseconds: performance.now() - started };
    }
  };
  return { login, close: () => agent.destroy() };
}

function startStandIns(): Promise<{ child: ChildProcess; configuration: Record<string, string>; facadeCertificatePem: string }> {
  const child = fork(join(__dirname, "stand-ins.ts"), { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the stand-ins exited with ${code}`)));
    child.once("message", (message: { ready: { configuration: Record<string, string>; facadeCertificatePem: string } }) =>
      resolve({ child, ...message.ready }),
    );
  });
}

function statsOf(child: ChildProcess): Promise<StandInStats> {
  return new Promise((resolve) => {
    child.once("message", (message: { stats: StandInStats }) => resolve(message.stats));
    child.send("stats");
  });
}

const delta = (after: StandInStats, before: StandInStats) => ({
  tokenFetches: after.tokensIssued - before.tokensIssued,
  tokenRequests: after.tokenRequests - before.tokenRequests,
  facadeHandshakes: after.facadeHandshakes - before.facadeHandshakes,
  facadeRequests: after.facadeRequests - before.facadeRequests,
  resumedSessions: after.resumedSessions - before.resumedSessions,
});

async function main(): Promise<void> {
  const { child, configuration, facadeCertificatePem } = await startStandIns();
  const loginCode = scriptText(synthesizeExamples().stacks.dev, "login");
  const baselineCode = readFileSync(join(PROJECT_ROOT, "bench", "baseline-login.js"), "utf8");
  // One vm context per warm container: creating one per call (the test sandbox's default)
  // costs about half a millisecond and would hide what the scripts themselves cost.
  const warm = (code: string, extra: Record<string, string> = {}) => new ScriptContainer(code, { ...configuration, ...extra }, { freshContextPerCall: false });
  try {
    const coldRuns: number[] = [];
    let coldTrips = delta(await statsOf(child), await statsOf(child));
    for (let run = 0; run < 5; run++) {
      const before = await statsOf(child);
      const cold = warm(loginCode);
      const { error, milliseconds } = await cold.call(BENCH_USER.email, BENCH_USER.password);
      if (error) throw error;
      coldRuns.push(milliseconds);
      coldTrips = delta(await statsOf(child), before);
      cold.close();
    }

    const results: Record<string, unknown> = { cold: { medianMs: median(coldRuns), ...coldTrips } };
    const loginOn =
      (container: ScriptContainer): Login =>
      () =>
        container.call(BENCH_USER.email, BENCH_USER.password);
    for (const concurrency of [1, 8]) {
      const oursContainer = warm(loginCode);
      const beforeOurs = await statsOf(child);
      const ours = await load(loginOn(oursContainer), concurrency);
      const oursTrips = delta(await statsOf(child), beforeOurs);
      oursContainer.close();

      const baselineContainer = warm(baselineCode, { FACADE_CERT_PEM: facadeCertificatePem });
      const beforeBaseline = await statsOf(child);
      const baseline = await load(loginOn(baselineContainer), concurrency);
      const baselineTrips = delta(await statsOf(child), beforeBaseline);
      baselineContainer.close();

      const bare = await floorLogin(configuration, facadeCertificatePem);
      const floor = await load(bare.login, concurrency);
      bare.close();
      results[`concurrency${concurrency}`] = { ours: { ...ours, ...oursTrips }, baseline: { ...baseline, ...baselineTrips }, floor };
    }
    console.log(JSON.stringify(results));
  } finally {
    child.send("close");
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
