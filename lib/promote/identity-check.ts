import { identityChanges, identityFacts, type IdentityChange, type IdentityChangeId } from "../facts/stage-identity";
import type { IdentityWaiver, PromotionInput, PromotionProblem } from "./promotion-input";

export interface IdentityCheck {
  /** What the target's identity was compared with; empty when nothing earlier was found. */
  readonly baselines: readonly string[];
  readonly facts: readonly { readonly change: IdentityChangeId; readonly value: string }[];
  readonly changes: readonly (IdentityChange & { readonly baseline: string; readonly waiver?: IdentityWaiver })[];
}

/**
 * The target's identity against every stack it was deployed or last synthesized from: a
 * change there is never in place (see lib/facts/stage-identity.ts), so each one needs a
 * waiver with a reason, from the target's stage file or the command line.
 */
export function checkIdentity(input: PromotionInput): IdentityCheck {
  const { target } = input;
  const waivers: IdentityWaiver[] = [
    ...(input.waivers ?? []),
    ...target.config.promotionWaivers.map((waiver, index) => ({ ...waiver, source: `${target.config.sourceFile} promotionWaivers[${index}]` })),
  ];
  const baselines = input.targetBaselines ?? [];
  const changes = baselines.flatMap((baseline) =>
    identityChanges(baseline.stack, target.stack).map((change) => ({
      ...change,
      baseline: baseline.label,
      waiver: waivers.find((waiver) => waiver.change === change.change),
    })),
  );
  // The same change against several baselines is one change.
  const distinct = changes.filter((change, index) => changes.findIndex((other) => other.change === change.change) === index);
  return { baselines: baselines.map((baseline) => baseline.label), facts: identityFacts(target.stack), changes: distinct };
}

export function identityProblems(check: IdentityCheck, targetStage: string): PromotionProblem[] {
  return check.changes
    .filter((change) => change.waiver === undefined)
    .map((change) => ({
      field: change.change,
      message: `${targetStage} would change ${change.change} from ${change.before} to ${change.after} against ${change.baseline}: ${change.consequence} (if intended, waive it in promotionWaivers, with the reason)`,
    }));
}
