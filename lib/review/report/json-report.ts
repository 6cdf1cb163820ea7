import type { StageReport } from "./stage-report";

/** The JSON report: the whole stage report, stable (no timestamps) so reports diff cleanly. */
export function jsonReport(report: StageReport): string {
  return `${JSON.stringify({ tool: "auth0-facade-review", ...report }, null, 2)}\n`;
}
