import { sizeAndDigest } from "../messages";
import type { Json } from "../config/json-paths";
import { countFindings } from "../review/review-stage";
import { passes, type PromotionReport } from "./compare-promotion";
import type { DeclarationDiff } from "./stack-diff";

/** Long texts (bundled code) are shown by size and hash: the bytes are compared, not read. */
function showValue(value: Json | undefined, max = 120): string {
  if (value === undefined) return "(not set)";
  if (typeof value === "string" && value.length > max) {
    return `(text, ${sizeAndDigest(value)})`;
  }
  const text = JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

function pad(text: string, width: number): string {
  return text.length >= width ? `${text} ` : text.padEnd(width);
}

function setAsideLines(report: PromotionReport): string[] {
  const { source, target } = report;
  const width = Math.max(source.stage.length, target.stage.length) + 2;
  return report.setAside.flatMap(({ field, source: before, target: after }) =>
    JSON.stringify(before) === JSON.stringify(after)
      ? [`  ${field}: ${showValue(before, 200)} in both`]
      : [`  ${field}:`, `      ${pad(`${source.stage}:`, width)}${showValue(before, 200)}`, `      ${pad(`${target.stage}:`, width)}${showValue(after, 200)}`],
  );
}

function differenceLines(report: PromotionReport, diff: DeclarationDiff): string[] {
  const { source, target } = report;
  const marker = { changed: "~", "only-in-source": "-", "only-in-target": "+" }[diff.change];
  const where = { changed: "", "only-in-source": `  (only in ${source.stage})`, "only-in-target": `  (only in ${target.stage})` }[diff.change];
  const width = Math.max(...diff.fields.map((field) => field.field.length)) + 2;
  return [
    `  ${marker} ${diff.address}${diff.path ? `  ${diff.path}` : ""}${where}`,
    ...diff.fields.map((field) =>
      diff.change === "changed"
        ? `      ${pad(field.field, width)}${source.stage}: ${showValue(field.source)}  ->  ${target.stage}: ${showValue(field.target)}`
        : `      ${pad(field.field, width)}${showValue(field.source ?? field.target)}`,
    ),
  ];
}

function codeLines(report: PromotionReport): string[] {
  const { source, target } = report;
  const names = [...new Set([...report.code.source, ...report.code.target].map((code) => code.name))];
  const width = Math.max(...names.map((name) => name.length)) + 2;
  return names.map((name) => {
    const before = report.code.source.find((code) => code.name === name);
    const after = report.code.target.find((code) => code.name === name);
    const show = (code: typeof before) => (code?.sha256 === undefined ? "(not literal text)" : `${code.sha256.slice(0, 16)} (${code.bytes} bytes)`);
    if (before && after && before.sha256 === after.sha256) return `  ${pad(name, width)}${show(after)}  same in ${source.stage} and ${target.stage}`;
    if (before && after) return `  ${pad(name, width)}${source.stage}: ${show(before)}  ${target.stage}: ${show(after)}  DIFFERENT`;
    return `  ${pad(name, width)}only in ${before ? source.stage : target.stage}: ${show(before ?? after)}`;
  });
}

/** Both reviews in one line each, then the target's findings that the source lacks. */
function reviewLines(report: PromotionReport): string[] {
  const { source, target } = report;
  const verdict = (review: PromotionReport["reviews"]["source"]) => {
    const { errors, warnings, suppressed } = countFindings(review.findings);
    return `${errors} error(s), ${warnings} warning(s), ${suppressed} suppressed`;
  };
  return [
    `Review (the same rules for both; ${target.stage} may have no finding ${source.stage} lacks):`,
    `  ${pad(`${source.stage}:`, 8)}${verdict(report.reviews.source)}`,
    `  ${pad(`${target.stage}:`, 8)}${verdict(report.reviews.target)}`,
    ...report.newFindings.map(
      (finding) => `  NEW   ${finding.ruleId} (${finding.severity}${finding.suppression ? ", waived" : ""}) ${finding.resource.path}: ${finding.message}`,
    ),
  ];
}

function identityLines(report: PromotionReport): string[] {
  const { target } = report;
  const { identity } = report;
  if (identity.baselines.length === 0) {
    return [
      `Identity of ${target.stage}: no earlier stack of ${target.stage} to compare with (a first deploy? pass --deployed <the cdktf.out folder ${target.stage} was deployed from>)`,
    ];
  }
  const width = Math.max(...identity.facts.map((fact) => fact.change.length)) + 2;
  return [
    `Identity of ${target.stage} (never changes in place), against ${identity.baselines.join(" and ")}:`,
    ...identity.facts.flatMap((fact) => {
      const changes = identity.changes.filter((change) => change.change === fact.change);
      if (changes.length === 0) return [`  ok      ${pad(fact.change, width)}${fact.value}`];
      return changes.map((change) =>
        change.waiver
          ? `  WAIVED  ${pad(fact.change, width)}${change.before} -> ${change.after}: ${change.consequence}; waived: ${JSON.stringify(change.waiver.reason)} (${change.waiver.source})`
          : `  FAIL    ${pad(fact.change, width)}${change.before} -> ${change.after}: ${change.consequence}`,
      );
    }),
  ];
}

/** The promotion report as the terminal and a pull request show it. */
export function formatPromotionReport(report: PromotionReport): string[] {
  const { source, target } = report;
  const differences = report.differences.flatMap((diff) => differenceLines(report, diff));
  const lines = [
    `promotion ${source.stage} -> ${target.stage} (${source.file} -> ${target.file})`,
    "",
    `Set aside, each stage's own values (never compared):`,
    ...setAsideLines(report),
    "",
    `What ${target.stage} would apply differently from ${source.stage}, resource by resource:`,
    ...(differences.length > 0 ? differences : [`  nothing: with its own values set aside, ${target.stage} applies exactly what ${source.stage} applies`]),
    "",
    `Code Auth0 will run (sha256 of the text sent to Auth0):`,
    ...codeLines(report),
    "",
    ...reviewLines(report),
    "",
    `Compared facts (${target.stage} may be as strict as ${source.stage} or stricter, never looser):`,
    ...report.facts.map((fact) => `  ${fact.loosenings.length === 0 ? "ok  " : "FAIL"}  ${pad(fact.id, 28)}${fact.summary}`),
    "",
    ...identityLines(report),
    "",
  ];
  if (passes(report)) return [...lines, `promotion ${source.stage} -> ${target.stage}: passes`];
  return [
    ...lines,
    `promotion ${source.stage} -> ${target.stage}: FAILS (${report.problems.length} problem${report.problems.length === 1 ? "" : "s"})`,
    ...report.problems.map((problem) => `  ${problem.field}: ${problem.message}`),
  ];
}
