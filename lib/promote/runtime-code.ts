import { createHash } from "node:crypto";
import { codeUnits as stackCode } from "../facts/code-units";
import type { SynthesizedStack } from "../synthesized/synthesized-stack";
import type { PromotionProblem } from "./promotion-input";

/** One text Auth0 will run, named the same in every stage. */
interface CodeDigest {
  /** `script login`, `action ExchangeGuard/Guard/Action`. */
  readonly name: string;
  /** `undefined` when the stack does not hold it as literal text (the review's finding). */
  readonly sha256: string | undefined;
  readonly bytes: number | undefined;
}

function codeDigests(stack: SynthesizedStack): CodeDigest[] {
  return stackCode(stack).map((unit) => ({
    name: unit.kind === "script" ? `script ${unit.name}` : `action ${unit.resource.path.split("/").slice(1).join("/")}`,
    sha256: unit.code === undefined ? undefined : createHash("sha256").update(unit.code).digest("hex"),
    bytes: unit.code === undefined ? undefined : Buffer.byteLength(unit.code, "utf8"),
  }));
}

export interface CodeComparison {
  readonly source: readonly CodeDigest[];
  readonly target: readonly CodeDigest[];
  readonly problems: readonly PromotionProblem[];
}

/**
 * The target must run the very bytes the source was tested with. Code only one stage
 * runs is listed, and judged by the review (code-matches-bundle, connection-as-declared).
 */
export function compareCode(source: SynthesizedStack, target: SynthesizedStack): CodeComparison {
  const before = codeDigests(source);
  const after = codeDigests(target);
  const problems = after.flatMap((code): PromotionProblem[] => {
    const tested = before.find((other) => other.name === code.name);
    if (tested === undefined || (code.sha256 !== undefined && tested.sha256 === code.sha256)) return [];
    // Code Terraform computes is no text anyone tested, even when the source computes it too.
    const message =
      code.sha256 === undefined
        ? `${target.stage}'s ${code.name} is not literal text, so it cannot be shown to be the bytes ${source.stage} was tested with`
        : `${target.stage} would run different ${code.name} bytes than ${source.stage} was tested with (sha256 ${code.sha256.slice(0, 12)}, ${code.bytes} bytes; ${source.stage}: ${tested.sha256?.slice(0, 12) ?? "not literal text"}${tested.bytes === undefined ? "" : `, ${tested.bytes} bytes`})`;
    return [{ field: code.name, message }];
  });
  return { source: before, target: after, problems };
}
