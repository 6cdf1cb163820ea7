import type { JsonObject } from "./json-paths";
import { transplantOwnValues } from "./own-values";

/** `--write` cannot produce the target's stage file; the message says what to add. */
export class PromotionWriteError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`cannot write the promoted stage file (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((problem) => `  ${problem}`).join("\n")}`);
    this.name = "PromotionWriteError";
  }
}

/**
 * The target's stage file as promotion writes it: the source's file, field for field and
 * in its order, carrying the target's own values (see OWN_FIELDS). An approved client of
 * the source with no counterpart in the target stops it: only a person can say which
 * client that is in the target's tenant.
 */
export function promotedStageFile(source: JsonObject, target: JsonObject, names: { source: string; target: string; targetFile: string }): JsonObject {
  const { file, unpaired } = transplantOwnValues(source, target);
  if (unpaired.length > 0) {
    throw new PromotionWriteError(
      unpaired.map(
        (description) =>
          `approvedClients: ${names.source} approves "${description}", which has no client in ${names.target}: add ${names.target}'s client with that description to ${names.targetFile} (clients pair by description), then promote again`,
      ),
    );
  }
  return file;
}
