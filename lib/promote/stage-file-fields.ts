import { leafPaths } from "../config/json-paths";
import { isOwnField } from "./own-values";
import type { PromotionInput, PromotionProblem } from "./promotion-input";

/** An editor hint, not a setting: it changes nothing a stage applies. */
const EDITOR_FIELDS = ["$schema"];

const settings = (file: PromotionInput["source"]["file"]) => leafPaths(file).filter((path) => !isOwnField(path) && !EDITOR_FIELDS.includes(path));

/**
 * Shared fields one stage file sets and the other leaves out. A field left out takes its
 * default, so the two stages would differ without either file saying so; a field only
 * one file knows is usually a setting added to one stage and forgotten in the other.
 */
export function missingFieldProblems({ source, target }: PromotionInput): PromotionProblem[] {
  const sourceFields = settings(source.file);
  const targetFields = settings(target.file);
  const lacking = (fields: string[], others: string[]) => fields.filter((field) => !others.includes(field));
  return [
    ...lacking(sourceFields, targetFields).map((field) => ({
      field,
      message: `${target.config.sourceFile} lacks ${field}, which ${source.config.sourceFile} sets (a default would decide ${target.config.stage}'s value)`,
    })),
    ...lacking(targetFields, sourceFields).map((field) => ({
      field,
      message: `${target.config.sourceFile} sets ${field}, which ${source.config.sourceFile} lacks (${source.config.stage} never tested it)`,
    })),
  ];
}
