import { loadStages } from "../../../lib/config/load-stages";
import { comparePromotion, type PromotionReport } from "../../../lib/promote/compare-promotion";
import type { PromotionInput } from "../../../lib/promote/promotion-input";
import { synthesizePromotion } from "../../../lib/promote/synthesize-promotion";
import { SynthesizedStack, type StackDocument } from "../../../lib/synthesized/synthesized-stack";
import { configFolder, exampleStage } from "../../support/stage-files";

type StageEdit = (stage: Record<string, any>) => void;

/** A config folder holding the example dev and prod stage files, after `edit`s. */
export function exampleStagesFolder(edits: { dev?: StageEdit; prod?: StageEdit } = {}): string {
  const dev = exampleStage("dev");
  const prod = exampleStage("prod");
  edits.dev?.(dev);
  edits.prod?.(prod);
  return configFolder({ "dev.json": dev, "prod.json": prod });
}

/** dev -> prod promotion input for a config folder (synthesized for real). */
export function promotionInput(dir: string = exampleStagesFolder()): PromotionInput {
  const [dev, prod] = loadStages(dir, ["dev", "prod"]);
  return synthesizePromotion(dev, prod);
}

export function promotionOf(edits: { dev?: StageEdit; prod?: StageEdit }): PromotionReport {
  return comparePromotion(promotionInput(exampleStagesFolder(edits)));
}

/** The same promotion, with prod's synthesized stack changed by hand: for what no stage file can express. */
export function withTamperedProdStack(input: PromotionInput, edit: (document: Record<string, any>) => void): PromotionInput {
  const document = structuredClone(input.target.stack.document) as Record<string, any>;
  edit(document);
  return { ...input, target: { ...input.target, stack: new SynthesizedStack(input.target.stack.stage, document as StackDocument) } };
}

/** The only resource of a type in a stack document. */
export function onlyResource(document: Record<string, any>, type: string): Record<string, any> {
  const bodies = Object.values(document.resource[type] as Record<string, Record<string, any>>);
  if (bodies.length !== 1) throw new Error(`expected one ${type}, found ${bodies.length}`);
  return bodies[0];
}

export function problemLines(report: PromotionReport): string[] {
  return report.problems.map((problem) => `${problem.field}: ${problem.message}`);
}
