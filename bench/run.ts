/**
 * `npm run bench`: the two loops that matter (the edit loop and the login hot path), each
 * against its obvious alternative and, where one exists, its floor, measured side by side
 * in this run. Prints one table and writes it as JSON to
 * reports/bench.json. Only loopback is ever a network target. `--quick` skips the
 * install measurement (a fresh `npm ci`, which needs the npm registry or its cache).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgumentsOrExit } from "../lib/cli/arguments";
import { PROJECT_ROOT } from "../lib/paths";
import { createTestCa } from "../examples/reference-facade/certificates";
import { measureActionDecisions } from "./action-decision";
import { measureRawHttps } from "./raw-https";
import { linearFit, median, timeCommand } from "./measure";
import { APPROVED_CLIENT_COUNTS, measureReviewScaling } from "./review-scaling";
import { measureSizes } from "./sizes";
import { measureWatchLoop } from "./watch-loop";
import { exampleStage, configFolder } from "../test/support/stage-files";

interface Row {
  readonly measure: string;
  readonly ours: string;
  readonly baseline: string;
  readonly ratio: string;
  readonly goal: string;
  readonly met: boolean | undefined;
}

const rows: Row[] = [];
const results: Record<string, unknown> = {};
const env = { ...process.env, CHECKPOINT_DISABLE: "1" };
const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
const x = (value: number) => `${value.toFixed(1)}x`;

function row(measure: string, ours: string, baseline: string, ratio: string, goal: string, met?: boolean): void {
  rows.push({ measure, ours, baseline, ratio, goal, met });
}

/** Stage files for `count` generated stages, each on its own tenant and state. */
function generatedStages(count: number): string {
  const files: Record<string, unknown> = {};
  for (let i = 1; i <= count; i++) {
    const stage = exampleStage("dev");
    stage.tenant.domain = `acme-s${i}.eu.auth0.com`;
    files[`s${i}.json`] = stage;
  }
  return configFolder(files);
}

/**
 * `runs` runs of the synth process itself (bin/prebundled.cjs, without npm): each one's
 * wall-clock time, and the median time of each phase up to its performance mark (written
 * with SYNTH_PROFILE).
 */
function synthProcess(runs: number): { timesMs: number[]; phasesMs: Record<string, number> } {
  const profile = join(mkdtempSync(join(tmpdir(), "auth0-facade-bench-profile-")), "marks.json");
  const phases: Record<string, number[]> = {};
  const timesMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    timesMs.push(...timeCommand(process.execPath, [join(PROJECT_ROOT, "bin", "prebundled.cjs"), "bin/synth.ts"], 1, { ...env, SYNTH_PROFILE: profile }));
    const marks = JSON.parse(readFileSync(profile, "utf8")) as { name: string; atMs: number }[];
    marks.forEach((mark, index) => {
      phases[mark.name] = [...(phases[mark.name] ?? []), mark.atMs - (index === 0 ? 0 : marks[index - 1].atMs)];
    });
  }
  return { timesMs, phasesMs: Object.fromEntries(Object.entries(phases).map(([name, times]) => [name, median(times)])) };
}

function synthSection(): void {
  const synth = (args: string[] = []) => ["run", "-s", "synth", "--", ...args];
  timeCommand("npm", synth(), 1, env); // builds the pre-bundled app once, as any first run does
  const ours = timeCommand("npm", synth(), 5, env);
  const baseline = timeCommand("npx", ["cdktf", "synth"], 3, env);
  const { timesMs: oursProcess, phasesMs: phases } = synthProcess(5);
  const baselineProcess = timeCommand(join(PROJECT_ROOT, "node_modules", ".bin", "cdktf"), ["synth"], 3, env);
  timeCommand("npm", synth(), 1, env); // leave cdktf.out as npm run synth writes it
  const ratio = median(baseline) / median(ours);
  const processRatio = median(baselineProcess) / median(oursProcess);
  results.synth = { oursMs: ours, baselineMs: baseline, oursProcessMs: oursProcess, baselineProcessMs: baselineProcess, phasesMs: phases };
  row(
    "synth, 2 stages, with bundling and review, as typed (median)",
    ms(median(ours)),
    `${ms(median(baseline))} (npx cdktf synth)`,
    x(ratio),
    ">= 10x",
    ratio >= 10,
  );
  row(
    "synth, the same, the process alone, without npm's or npx's own start (median)",
    ms(median(oursProcess)),
    `${ms(median(baselineProcess))} (node_modules/.bin/cdktf synth)`,
    x(processRatio),
    ">= 10x",
    processRatio >= 10,
  );
  const npmStart = median(ours) - median(oursProcess);
  const breakdown = Object.entries(phases).map(([name, time]) => `${name} ${ms(time)}`);
  row(
    "where a synth's time goes (median of 5, each phase up to its mark)",
    [`npm's own start ${ms(npmStart)}`, ...breakdown].join("; "),
    "",
    "",
    "",
    undefined,
  );

  const points: [number, number][] = [];
  for (const count of [1, 10, 50, 200]) {
    const config = generatedStages(count);
    const outdir = join(mkdtempSync(join(tmpdir(), "auth0-facade-bench-")), "cdktf.out");
    points.push([count, median(timeCommand("npm", synth(["--config", config, "--outdir", outdir]), count === 200 ? 1 : 3, env))]);
  }
  const fit = linearFit(points);
  results.synthScaling = { points, ...fit };
  const perStage = points.map(([count, time]) => `${count}: ${ms(time)}`).join(" / ");
  row("synth time for 1 / 10 / 50 / 200 stages (median; 200: one run)", perStage, "", "", "linear (r² > 0.98)", fit.r2 > 0.98);
  row(
    "synth cost per extra stage (least squares)",
    `${ms(fit.slope)} per stage + ${ms(fit.intercept)} fixed (r² ${fit.r2.toFixed(3)})`,
    `${ms(points[0][1])} (1 stage)`,
    "",
    "",
    undefined,
  );
}

function reviewScalingSection(): void {
  const scaling = measureReviewScaling();
  results.reviewScaling = scaling;
  const [few, some, many] = APPROVED_CLIENT_COUNTS.map((count) => scaling.medianMs[count]);
  const allPassed = APPROVED_CLIENT_COUNTS.every((count) => scaling.passed[count]);
  row(
    "review of one stage with 1 / 100 / 1,000 approved clients (median)",
    `${ms(few)} / ${ms(some)} / ${ms(many)}`,
    `${ms(few)} (1 client)`,
    `${x(many / some)} from 100 to 1,000`,
    "linear or better: <= 10x from 100 to 1,000",
    allPassed && many / some <= 10,
  );
}

async function watchSection(): Promise<void> {
  const loop = await measureWatchLoop(env);
  results.watchLoop = loop;
  const cold = median((results.synth as { baselineMs: number[] }).baselineMs);
  const ratio = cold / loop.p50Ms;
  row(
    "synth --watch: a saved stage file to its new stacks and reviews on disk, p50 / p99",
    `${ms(loop.p50Ms)} / ${ms(loop.p99Ms)}`,
    `${ms(cold)} (npx cdktf synth, cold)`,
    x(ratio),
    "p50 < 100 ms and >= 25x",
    loop.p50Ms < 100 && ratio >= 25,
  );
}

async function hotPathSection(): Promise<void> {
  const hot = await runWithBenchCa("login-hot-path.ts", "hot-path");
  results.hotPath = hot;
  for (const key of ["concurrency8", "concurrency1"]) {
    const { ours, baseline, floor } = hot[key];
    const label = `${ours.concurrency} in flight`;
    const ofFloor = ours.loginsPerSecond / floor.loginsPerSecond;
    row(
      `login throughput, one warm container, ${label}, against the floor`,
      `${ours.loginsPerSecond.toFixed(0)}/s`,
      `${floor.loginsPerSecond.toFixed(0)}/s (bare keep-alive client, same request and token)`,
      `${(ofFloor * 100).toFixed(0)}% of floor`,
      ">= 90% of the floor",
      ours.failures === 0 && floor.failures === 0 && ofFloor >= 0.9,
    );
    row(
      `login p50 / p99 latency, ${label}, against the floor`,
      `${ms(ours.p50Ms)} / ${ms(ours.p99Ms)}`,
      `${ms(floor.p50Ms)} / ${ms(floor.p99Ms)}`,
      `p99 +${ms(ours.p99Ms - floor.p99Ms)}`,
      "p99 within 1 ms of the floor's",
      ours.p99Ms - floor.p99Ms <= 1,
    );
    const throughput = ours.loginsPerSecond / baseline.loginsPerSecond;
    row(
      `login throughput, one warm container, ${label}, against the common recipe`,
      `${ours.loginsPerSecond.toFixed(0)}/s`,
      `${baseline.loginsPerSecond.toFixed(0)}/s (new https.Agent per call)`,
      x(throughput),
      ours.concurrency === 8 ? ">= 10x" : "",
      ours.concurrency === 8 ? throughput >= 10 : undefined,
    );
    row(`container CPU per login, ${label}`, ms(ours.cpuMsPerLogin), ms(baseline.cpuMsPerLogin), x(baseline.cpuMsPerLogin / ours.cpuMsPerLogin), "", undefined);
    row(
      `token fetches / pin-checked TLS handshakes for ${ours.logins} logins, ${label}`,
      `${ours.tokenFetches} / ${ours.facadeHandshakes} (${ours.resumedSessions} resumed)`,
      `${baseline.tokenFetches} / ${baseline.facadeHandshakes}`,
      "",
      "exactly 1 token fetch, no pin check skipped",
      ours.tokenFetches === 1 && ours.resumedSessions === 0 && ours.facadeHandshakes >= 1,
    );
  }
  const { cold } = hot;
  row(
    "cold start: first login of a new container (median of 5)",
    `${ms(cold.medianMs)}: ${cold.tokenRequests} token request, ${cold.facadeHandshakes} facade handshake, ${cold.facadeRequests} facade request`,
    "",
    "",
    "no avoidable round trip",
    cold.tokenRequests === 1 && cold.facadeHandshakes === 1 && cold.facadeRequests === 1,
  );
}

/** The bench CA, trusted by the child process as Auth0's runtime trusts public CAs; runs `file`, returns its JSON line. */
async function runWithBenchCa(file: string, what: string): Promise<any> {
  const dir = mkdtempSync(join(tmpdir(), "auth0-facade-bench-ca-"));
  try {
    const ca = await createTestCa();
    writeFileSync(join(dir, "ca.pem"), ca.cert);
    const run = spawnSync(process.execPath, ["--import", "tsx", join(PROJECT_ROOT, "bench", file)], {
      env: { ...env, NODE_EXTRA_CA_CERTS: join(dir, "ca.pem"), BENCH_CA: JSON.stringify(ca) },
      encoding: "utf8",
      timeout: 180_000,
    });
    if (run.status !== 0) throw new Error(`the ${what} benchmark failed:\n${run.stderr}`);
    return JSON.parse(run.stdout.trim().split("\n").pop()!);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function facadeSection(): Promise<void> {
  const facade = await runWithBenchCa("facade-authenticate.ts", "facade");
  results.facadeAuthenticate = facade;
  for (const key of ["cheap1", "cheap8", "realistic1", "realistic8"]) {
    const { cost, ours, baseline } = facade[key];
    const share = ours.perSecond / baseline.perSecond;
    row(
      `facade authenticate over PostgreSQL, bcrypt cost ${cost}, ${ours.concurrency} in flight: throughput, p50 / p99`,
      `${ours.perSecond.toFixed(0)}/s, ${ms(ours.p50Ms)} / ${ms(ours.p99Ms)}`,
      `${baseline.perSecond.toFixed(0)}/s, ${ms(baseline.p50Ms)} / ${ms(baseline.p99Ms)} (bare query + hash check)`,
      `${(share * 100).toFixed(0)}% of bare`,
      ours.concurrency === 8 ? "facade adds <= 10% (>= 90% of bare)" : "",
      ours.failures === 0 && baseline.failures === 0 ? (ours.concurrency === 8 ? share >= 0.9 : undefined) : false,
    );
  }
  for (const key of ["cheap8", "realistic8"]) {
    const { cost, sizing } = facade[key];
    const beyondHash = sizing.cpuMsPerLogin - sizing.hashCpuMs;
    row(
      `facade sizing, bcrypt cost ${cost}, 8 in flight: CPU per login apart from the hash, database round trips per login`,
      `${ms(beyondHash)} CPU, ${sizing.queriesPerLogin.toFixed(2)} queries`,
      `${ms(sizing.hashCpuMs)} CPU for the hash alone`,
      `${(1000 / sizing.cpuMsPerLogin).toFixed(0)} logins/s per core`,
      "1 query per login (plus 1 write at a user's first login)",
      sizing.queriesPerLogin < 1.05,
    );
  }
  for (const key of ["cheap8TwoWorkers", "realistic8TwoWorkers"]) {
    const { cost, ours, oneWorker } = facade[key];
    row(
      `facade authenticate, bcrypt cost ${cost}, 8 in flight: 2 worker processes against 1`,
      `${ours.perSecond.toFixed(0)}/s, ${ms(ours.p50Ms)} / ${ms(ours.p99Ms)}`,
      `${oneWorker.perSecond.toFixed(0)}/s, ${ms(oneWorker.p50Ms)} / ${ms(oneWorker.p99Ms)} (1 worker)`,
      x(ours.perSecond / oneWorker.perSecond),
      "(how it grows with cores; the load generator shares the 2 cores)",
      ours.failures === 0 ? undefined : false,
    );
  }
}

async function rawHttpsSection(): Promise<void> {
  const raw = await measureRawHttps();
  results.rawHttps = raw;
  row(
    "for reference: empty HTTPS requests, keep-alive vs new agent per request, 1 in flight",
    `${raw.keepAlive.toFixed(0)}/s`,
    `${raw.newAgentPerRequest.toFixed(0)}/s`,
    x(raw.keepAlive / raw.newAgentPerRequest),
    "(what connection reuse alone gives)",
    undefined,
  );
}

async function actionSection(): Promise<void> {
  const decisions = await measureActionDecisions();
  results.actionDecisionsNs = decisions;
  const growth = decisions.ours[1000] / decisions.ours[1];
  row(
    "credentials-exchange decision, 1 / 1,000 approved clients",
    `${(decisions.ours[1] / 1000).toFixed(2)} / ${(decisions.ours[1000] / 1000).toFixed(2)} µs`,
    `${(decisions.scanning[1] / 1000).toFixed(2)} / ${(decisions.scanning[1000] / 1000).toFixed(2)} µs (split and scan per call)`,
    `${x(growth)} growth (baseline ${x(decisions.scanning[1000] / decisions.scanning[1])})`,
    "does not grow with the list",
    growth < 1.5,
  );
}

function sizesSection(install: boolean): void {
  const sizes = measureSizes({ install });
  results.sizes = sizes;
  for (const [name, bytes] of Object.entries(sizes.bundles)) {
    const limit = name.startsWith("action") ? 5 * 1024 : 20 * 1024;
    row(`bytes of ${name}`, `${bytes}`, "102400 (Auth0's limit)", x(102400 / bytes), `< ${limit / 1024} KB`, bytes < limit);
  }
  if (sizes.install) {
    const { npmCiSeconds, nodeModulesMegabytes, bindingsGenerateMs, bindingsSkipMs } = sizes.install;
    row("install footprint: npm ci time / node_modules size", `${npmCiSeconds.toFixed(1)} s / ${nodeModulesMegabytes.toFixed(0)} MB`, "", "", "", undefined);
    row(
      "provider bindings: generate / skip when the schema is unchanged",
      `${ms(bindingsGenerateMs)} / ${ms(bindingsSkipMs)}`,
      "",
      x(bindingsGenerateMs / bindingsSkipMs),
      "skipped when unchanged",
      bindingsSkipMs < bindingsGenerateMs,
    );
  }
}

function printTable(): string {
  const header = ["measure", "ours", "baseline (same run)", "ratio", "goal", "met"];
  const lines = [header, ...rows.map((r) => [r.measure, r.ours, r.baseline, r.ratio, r.goal, r.met === undefined ? "" : r.met ? "yes" : "NO"])];
  const table = lines.map((cells) => `| ${cells.join(" | ")} |`);
  table.splice(1, 0, `|${header.map(() => "---").join("|")}|`);
  return table.join("\n");
}

async function main(): Promise<void> {
  const install = !parseArgumentsOrExit(process.argv.slice(2), { usage: "usage: npm run bench [-- --quick]", switches: ["--quick"] }).switches.has("--quick");
  const started = performance.now();
  synthSection();
  reviewScalingSection();
  await watchSection();
  await hotPathSection();
  await facadeSection();
  await rawHttpsSection();
  await actionSection();
  sizesSection(install);
  const table = printTable();
  console.log(table);
  console.log(`\n${new Date().toISOString()}, Node ${process.version}, ${((performance.now() - started) / 1000) | 0} s`);
  mkdirSync(join(PROJECT_ROOT, "reports"), { recursive: true });
  writeFileSync(
    join(PROJECT_ROOT, "reports", "bench.json"),
    `${JSON.stringify({ rows, results, node: process.version, at: new Date().toISOString() }, null, 2)}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
