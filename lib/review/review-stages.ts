import { join } from "node:path";
import type { RuntimeBundles } from "../bundling/runtime-bundles";
import type { StageConfig } from "../config/stage-config";
import { displayPath } from "../paths";
import { describeResource, isBlocking } from "./finding";
import { stageReports, type StageReport } from "./report/stage-report";
import { loadReviewInput } from "./review-input";
import { reviewStage } from "./review-stage";
import { plural } from "./plural";
import { writeReports } from "./write-reports";

/** Reports land in `<outdir>/review/<stage>.md|.json|.sarif`. */
export const REVIEW_FOLDER = "review";

/**
 * Reviews every stage's synthesized stack in `readFrom` (a cdktf.out folder). `shownAs`
 * is the output folder the reports name: the final `cdktf.out` when `readFrom` is a
 * staging folder about to replace it.
 */
export function reviewStages(configs: readonly StageConfig[], readFrom: string, bundles: RuntimeBundles, shownAs: string = readFrom): StageReport[] {
  return stageReports(configs.map((config) => reviewStage(loadReviewInput(readFrom, config, bundles, shownAs))));
}

/** Reviews the stacks in `outdir` against the bundles and writes the reports into `<outdir>/review`. */
export function reviewAndWriteReports(configs: readonly StageConfig[], outdir: string, bundles: RuntimeBundles, shownAs: string = outdir): StageReport[] {
  const reports = reviewStages(configs, outdir, bundles, shownAs);
  writeReports(join(outdir, REVIEW_FOLDER), reports);
  return reports;
}

/** One line per stage, then one per open error: what a terminal or CI log should show. */
export function reviewResultLines(reports: readonly StageReport[], shownAs: string): string[] {
  return reports.flatMap((report) => {
    const { errors, warnings, suppressed } = report.counts;
    const where = displayPath(join(shownAs, REVIEW_FOLDER, `${report.stage}.md`));
    const head = `review ${report.stage}: ${report.passed ? "passed" : "FAILED"} (${plural(errors, "error")}, ${plural(warnings, "warning")}, ${suppressed} suppressed), see ${where}`;
    const open = report.findings.filter(isBlocking).map((finding) => `  error ${finding.ruleId} ${describeResource(finding.resource)}: ${finding.message}`);
    return [head, ...open];
  });
}

export function allPass(reports: readonly StageReport[]): boolean {
  return reports.every((report) => report.passed);
}
