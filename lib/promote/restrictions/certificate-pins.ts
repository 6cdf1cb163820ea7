import { CONFIGURATION_KEYS } from "../../../scripts/shared/settings";
import { connectionConfiguration } from "../stack-facts";
import type { Restriction } from "./restriction";

function pinCount(configuration: Readonly<Record<string, string>>): number {
  const pins = configuration[CONFIGURATION_KEYS.facadeCertSha256] ?? "";
  return pins.trim() === "" ? 0 : pins.split(",").length;
}

/** The pins are each stage's own, but a target that pins nothing where the source pins is looser. */
export const certificatePins: Restriction = {
  id: "certificate-pins",
  check(source, target) {
    const before = pinCount(connectionConfiguration(source.stack));
    const after = pinCount(connectionConfiguration(target.stack));
    const loosenings =
      before > 0 && after === 0
        ? [
            {
              field: "facade.certificate",
              message: `${target.config.stage} trusts any CA-issued facade certificate where ${source.config.stage} pins ${before} (keep a self-signed certificate with sha256Pins)`,
            },
          ]
        : [];
    return { summary: `facade certificate pins: ${source.config.stage} ${before}, ${target.config.stage} ${after}`, loosenings };
  },
};
