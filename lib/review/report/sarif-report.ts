import { createHash } from "node:crypto";
import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import type { Log, ReportingDescriptor, Result } from "sarif";
import type { Finding } from "../finding";
import type { StageReport } from "./stage-report";

const TOOL_NAME = "auth0-facade-review";

/** Project-relative paths stay relative (code scanning resolves them against the repository root). */
function artifactUri(file: string): string {
  return isAbsolute(file) ? pathToFileURL(file).href : file.split("\\").join("/").split("/").map(encodeURIComponent).join("/");
}

function descriptor(rule: StageReport["rules"][number]): ReportingDescriptor {
  return {
    id: rule.id,
    shortDescription: { text: rule.checks },
    fullDescription: { text: `${rule.checks} Why: ${rule.threat}` },
    help: { text: `How to fix: ${rule.fix}`, markdown: `**Why it matters:** ${rule.threat}\n\n**How to fix:** ${rule.fix}` },
    defaultConfiguration: { level: rule.severity },
    properties: { tags: ["security"] },
  };
}

function result(report: StageReport, finding: Finding): Result {
  const ruleIndex = report.rules.findIndex((rule) => rule.id === finding.ruleId);
  // Stable across runs and line moves: what the finding is about, not where it is printed.
  const fingerprint = createHash("sha256")
    .update(JSON.stringify([report.stage, finding.ruleId, finding.resource.path, finding.message]))
    .digest("hex");
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: finding.severity,
    message: { text: `${finding.message}. Why it matters: ${finding.threat} How to fix: ${finding.fix}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(finding.file) },
          ...(finding.line === undefined ? {} : { region: { startLine: finding.line } }),
        },
        logicalLocations: [
          {
            fullyQualifiedName: finding.resource.path,
            ...(finding.resource.address === undefined ? {} : { name: finding.resource.address }),
            kind: "resource",
          },
        ],
      },
    ],
    partialFingerprints: { [`${TOOL_NAME}/v1`]: fingerprint },
    ...(finding.suppression === undefined
      ? {}
      : {
          suppressions: [
            {
              kind: "external" as const,
              status: "accepted" as const,
              justification: finding.suppression.reason,
              location: { physicalLocation: { artifactLocation: { uri: artifactUri(report.stageFile) } } },
            },
          ],
        }),
    properties: { stage: report.stage },
  };
}

/** The SARIF 2.1.0 log of one stage: one run, every finding a result, suppressed ones marked. */
export function sarifReport(report: StageReport): string {
  const log: Log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, rules: report.rules.map(descriptor) } },
        // One category per stage, so code scanning keeps each stage's alerts apart.
        automationDetails: { id: `${TOOL_NAME}/${report.stage}/` },
        results: report.findings.map((finding) => result(report, finding)),
        properties: { stage: report.stage, stageFile: report.stageFile, stackFile: report.stackFile, passed: report.passed },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
