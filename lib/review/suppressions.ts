import type { StageConfig } from "../config/stage-config";
import type { Finding } from "./finding";
import { PACK, UNUSED_SUPPRESSION } from "./pack";
import { lineOfSuppression } from "./source-lines";
import type { ReviewInput } from "./review-input";

type Suppression = StageConfig["suppressions"][number];

function matches(suppression: Suppression, finding: Finding): boolean {
  return suppression.rule === finding.ruleId && (suppression.resource === finding.resource.path || suppression.resource === finding.resource.address);
}

/** Why a suppression matched nothing, in the words that help fix it. */
function whyUnused(input: ReviewInput, suppression: Suppression): string {
  if (suppression.rule === UNUSED_SUPPRESSION.id) return `${UNUSED_SUPPRESSION.id} cannot be suppressed`;
  if (!PACK.some((entry) => entry.rule.id === suppression.rule)) {
    return `no review rule has the id "${suppression.rule}"`;
  }
  const { stack } = input;
  const known =
    suppression.resource === stack.stage ||
    [...stack.resources, ...stack.dataSources].some((resource) => resource.path === suppression.resource || resource.address === suppression.resource);
  if (!known) return `no resource of stage ${stack.stage} has the construct path or Terraform address "${suppression.resource}"`;
  return `${suppression.rule} finds nothing on ${suppression.resource}: the suppression is stale`;
}

/**
 * Marks the findings the stage file waives (they stay in the list, with the reason) and
 * adds an error for every suppression that matched nothing.
 */
export function applySuppressions(input: ReviewInput, findings: readonly Finding[]): Finding[] {
  const { suppressions, sourceFile } = input.config;
  const used = new Set<number>();
  const marked = findings.map((finding) => {
    const index = suppressions.findIndex((suppression) => matches(suppression, finding));
    if (index === -1) return finding;
    used.add(index);
    return { ...finding, suppression: { reason: suppressions[index].reason } };
  });
  const unused = suppressions.flatMap((suppression, index): Finding[] =>
    used.has(index)
      ? []
      : [
          {
            ruleId: UNUSED_SUPPRESSION.id,
            severity: UNUSED_SUPPRESSION.severity,
            resource: { path: `suppressions[${index}]` },
            message: `the suppression of ${suppression.rule} for ${suppression.resource} matches no finding: ${whyUnused(input, suppression)}`,
            threat: UNUSED_SUPPRESSION.threat,
            fix: UNUSED_SUPPRESSION.fix,
            file: sourceFile,
            line: lineOfSuppression(input.texts?.stageFile, index),
          },
        ],
  );
  return [...marked, ...unused];
}
