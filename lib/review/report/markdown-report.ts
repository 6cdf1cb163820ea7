import type { Finding } from "../finding";
import { describeTls } from "../summary";
import { plural } from "../plural";
import type { StageReport } from "./stage-report";

/** Inline code that survives any content, including backticks. */
function code(text: string): string {
  const fence = text.includes("`") ? "``" : "`";
  return `${fence}${fence === "``" ? " " : ""}${text}${fence === "``" ? " " : ""}${fence}`;
}

/** A table cell: no pipes or line breaks to break the table. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}

function verdict(report: StageReport): string {
  const { errors, warnings, suppressed } = report.counts;
  const counts = `${plural(errors, "error")}, ${plural(warnings, "warning")}, ${suppressed} suppressed`;
  return `${report.passed ? "**PASSED**" : "**FAILED**"}: ${counts}. ${code(report.stageFile)} as synthesized in ${code(report.stackFile)}, checked against ${report.rules.length} rules.`;
}

function summary(report: StageReport): string[] {
  const s = report.summary;
  const applications =
    s.applications.length === 0 ? "no application" : `${plural(s.applications.length, "application")}: ${s.applications.map(code).join(", ")}`;
  const lines = [
    "## Summary",
    "",
    "| | |",
    "|---|---|",
    `| Facade API | ${cell(s.facadeApi)} |`,
    `| Client tokens | client policy ${code(s.clientPolicy)}; ${s.clients.length === 0 ? "no client holds a facade grant" : "the clients below hold a facade grant"} |`,
    `| User tokens | ${cell(s.users)} |`,
    `| Connection ${code(s.connection)} | enabled for ${cell(applications)} |`,
    `| Facade TLS | ${cell(describeTls(s.tls))} |`,
    `| Token lifetime | ${cell(s.tokenLifetime)} |`,
    `| Action secrets | ${cell(s.actionSecrets)} |`,
    `| Scripts | ${cell(s.scripts)} |`,
    "",
  ];
  if (s.clients.length > 0) {
    lines.push("Clients that can ask for a facade token:", "", "| Client | Scopes | Grant | Credentials-exchange guard |", "|---|---|---|---|");
    for (const access of s.clients) {
      lines.push(`| ${cell(access.client)} | ${cell(access.scopes.join(", "))} | ${code(access.grant)} | ${access.guard} |`);
    }
    lines.push("");
  }
  lines.push(...comparison(report));
  return lines;
}

function comparison(report: StageReport): string[] {
  if (report.comparedWith.length === 0) return ["Versus other stages: no other stage was reviewed with this one.", ""];
  if (report.differences.length === 0) {
    return [`Versus ${report.comparedWith.join(", ")}: the same on every point above (tenant-specific IDs, URLs and pins aside).`, ""];
  }
  const stages = report.differences[0].values.map((value) => value.stage);
  return [
    `Versus ${report.comparedWith.join(", ")} (only what differs):`,
    "",
    `| | ${stages.join(" | ")} |`,
    `|---|${stages.map(() => "---").join("|")}|`,
    ...report.differences.map((difference) => `| ${difference.label} | ${difference.values.map((value) => cell(value.value)).join(" | ")} |`),
    "",
  ];
}

/** What Auth0 will run, by hash, each linked to its plain copy (reports live in `<outdir>/review`, code in `<outdir>/code`). */
function codeSection(report: StageReport): string[] {
  const units = report.summary.code;
  if (units.length === 0) return [];
  return [
    "## Code Auth0 will run",
    "",
    "| Code | SHA-256 | Bytes | The repository's bundle |",
    "|---|---|---|---|",
    ...units.map(
      (unit) =>
        `| ${unit.file === undefined ? cell(unit.label) : `[${cell(unit.label)}](../${unit.file})`} | ${unit.sha256 === undefined ? "not literal text" : code(unit.sha256)} | ${unit.bytes ?? "-"} | ${unit.matchesBundle ? "yes, byte for byte" : "**NO**"} |`,
    ),
    "",
  ];
}

function finding(item: Finding, index: number): string[] {
  const status = item.suppression === undefined ? item.severity : `${item.severity}, suppressed`;
  const lines = [
    `### ${index + 1}. ${code(item.ruleId)} (${status}): ${code(item.resource.path)}`,
    "",
    `- **Resource:** ${code(item.resource.path)}${item.resource.address === undefined ? "" : ` (${code(item.resource.address)})`} in ${code(item.line === undefined ? item.file : `${item.file}:${item.line}`)}`,
    `- **What is wrong:** ${item.message}`,
    `- **Why it matters:** ${item.threat}`,
    `- **How to fix:** ${item.fix}`,
  ];
  if (item.suppression !== undefined) lines.push(`- **Suppressed in the stage file:** ${item.suppression.reason}`);
  return [...lines, ""];
}

function rules(report: StageReport): string[] {
  return [
    "## Rules",
    "",
    "| Rule | Severity | Result | Checks |",
    "|---|---|---|---|",
    ...report.rules.map((rule) => {
      const open = rule.findings - rule.suppressed;
      const result =
        rule.findings === 0 ? "pass" : [open > 0 ? `${open} open` : "", rule.suppressed > 0 ? `${rule.suppressed} suppressed` : ""].filter(Boolean).join(", ");
      return `| ${code(rule.id)} | ${rule.severity} | ${result} | ${cell(rule.checks)} |`;
    }),
    "",
  ];
}

/** The Markdown report: a one-screen summary, then every finding, then every rule's result. */
export function markdownReport(report: StageReport): string {
  const findings = report.findings.length === 0 ? ["No findings.", ""] : report.findings.flatMap(finding);
  return [
    `# Security review: ${report.stage}`,
    "",
    verdict(report),
    "",
    ...summary(report),
    ...codeSection(report),
    "## Findings",
    "",
    ...findings,
    ...rules(report),
  ].join("\n");
}
