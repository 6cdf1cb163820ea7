/**
 * How the review's cost grows with the approved clients a stage declares (1, 100, 1,000):
 * the dev fixture with that many approved clients is synthesized once, then its review
 * (the rule pack over the synthesized stack, reports not written) is timed in this process.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadStages } from "../lib/config/load-stages";
import { reviewStages } from "../lib/review/review-stages";
import { synthesizeStages } from "../lib/stacks/synthesize-stages";
import { configFolder, exampleStage } from "../test/support/stage-files";
import { median } from "./measure";

export const APPROVED_CLIENT_COUNTS = [1, 100, 1000] as const;
const RUNS = 7;

export interface ReviewScaling {
  /** Median review time, in ms, per number of approved clients. */
  readonly medianMs: Record<number, number>;
  /** Whether each review passed: a failing review would measure the wrong path. */
  readonly passed: Record<number, boolean>;
}

function stageWithApprovedClients(count: number): Record<string, unknown> {
  const stage = exampleStage("dev");
  stage.approvedClients = Array.from({ length: count }, (_, i) => ({
    clientId: `Approved${String(i).padStart(24, "0")}`,
    description: `Approved client number ${i} for the benchmark`,
    scopes: ["users:read"],
  }));
  return stage;
}

export function measureReviewScaling(): ReviewScaling {
  const medianMs: Record<number, number> = {};
  const passed: Record<number, boolean> = {};
  for (const count of APPROVED_CLIENT_COUNTS) {
    const config = configFolder({ "dev.json": stageWithApprovedClients(count) });
    const outdir = mkdtempSync(join(tmpdir(), "auth0-facade-bench-review-"));
    try {
      const configs = loadStages(config);
      const bundles = synthesizeStages(configs, { outdir });
      const times: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const started = performance.now();
        const [report] = reviewStages(configs, outdir, bundles);
        times.push(performance.now() - started);
        passed[count] = report.passed;
      }
      medianMs[count] = median(times);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
      rmSync(config, { recursive: true, force: true });
    }
  }
  return { medianMs, passed };
}

if (require.main === module) console.log(JSON.stringify(measureReviewScaling()));
