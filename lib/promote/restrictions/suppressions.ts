import type { StageConfig } from "../../config/stage-config";
import type { Restriction } from "./restriction";

/** A waiver names a resource by construct path (with the stage) or Terraform address (without). */
function waiverKey(config: StageConfig, waiver: { rule: string; resource: string }): string {
  const resource = waiver.resource.startsWith(`${config.stage}/`) ? waiver.resource.slice(config.stage.length + 1) : waiver.resource;
  return `${waiver.rule} ${resource}`;
}

/** Waivers are each stage's own, but the target may not waive a finding the source does not. */
export const suppressions: Restriction = {
  id: "suppressions",
  check(source, target) {
    const waived = new Set(source.config.suppressions.map((waiver) => waiverKey(source.config, waiver)));
    const loosenings = target.config.suppressions.flatMap((waiver, index) =>
      waived.has(waiverKey(target.config, waiver))
        ? []
        : [
            {
              field: `suppressions[${index}]`,
              message: `${target.config.stage} waives ${waiver.rule} for ${waiver.resource}, which ${source.config.stage} does not waive`,
            },
          ],
    );
    return {
      summary: `review waivers: ${source.config.stage} ${source.config.suppressions.length}, ${target.config.stage} ${target.config.suppressions.length}`,
      loosenings,
    };
  },
};
