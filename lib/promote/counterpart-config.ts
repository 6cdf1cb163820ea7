import type { StageConfig } from "../config/stage-config";
import type { JsonObject } from "./json-paths";
import { transplantOwnValues } from "./own-values";

/**
 * The target's settings with the source's own values and name (see PromotionInput).
 * Approved clients the source has no counterpart for keep the target's IDs, so they
 * show up in the diff as the extra clients they are.
 */
export function counterpartConfig(source: StageConfig, target: StageConfig): StageConfig {
  const { file } = transplantOwnValues(target as unknown as JsonObject, source as unknown as JsonObject);
  return { ...(file as unknown as StageConfig), stage: source.stage, sourceFile: source.sourceFile };
}
