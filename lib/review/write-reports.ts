import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { maskCredentials } from "../messages";
import { jsonReport } from "./report/json-report";
import { markdownReport } from "./report/markdown-report";
import { sarifReport } from "./report/sarif-report";
import type { StageReport } from "./report/stage-report";

/** Writes `<dir>/<stage>.md`, `.json` and `.sarif` for every stage; returns the Markdown files. */
export function writeReports(dir: string, reports: readonly StageReport[]): string[] {
  mkdirSync(dir, { recursive: true });
  return reports.map((report) => {
    const base = join(dir, report.stage);
    // A value an override put in the stack may carry credentials (https://user:pw@...).
    writeFileSync(`${base}.md`, maskCredentials(markdownReport(report)));
    writeFileSync(`${base}.json`, maskCredentials(jsonReport(report)));
    writeFileSync(`${base}.sarif`, maskCredentials(sarifReport(report)));
    return `${base}.md`;
  });
}
