import { createHash } from "node:crypto";
import { codeUnits, triggerOfAction } from "../../facts/code-units";
import { expectedCode } from "../../facts/expected";
import { resourceRef } from "../finding";
import type { Rule } from "../rule";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export const codeMatchesBundle: Rule = {
  id: "code-matches-bundle",
  checks:
    "Every script and Action the stack sends to Auth0 is byte for byte the bundle the repository builds from `scripts/` and `actions/` (SHA-256 compared; the report lists each).",
  threat:
    "The code is what decides who logs in and who gets a facade token. Text that differs from the reviewed sources (a guard replaced by a " +
    "no-op, a deny made dead, a pin check skipped, a secret logged) runs in the tenant with nobody having read it.",
  fix: "Let the constructs take the code from the bundles (`npm run synth`); never write or override script or Action code in the stack. To change the code, change the sources.",
  check: (input) =>
    codeUnits(input.stack).flatMap((unit) => {
      if (unit.code === undefined) return []; // code-size-limit reports code that is not literal text
      const trigger = unit.kind === "action" ? triggerOfAction(unit.resource) : undefined;
      const expected = expectedCode(input, unit.kind, unit.kind === "script" ? unit.name : (trigger ?? ""));
      if (expected === undefined) {
        const what =
          unit.kind === "script" ? `a ${unit.name} script, which no stage enables` : `an Action for the trigger ${JSON.stringify(trigger ?? "(unreadable)")}`;
        return [{ resource: resourceRef(unit.resource), message: `the ${unit.label} is ${what}: the repository builds no bundle it could be` }];
      }
      const actual = sha256(unit.code);
      if (actual === expected.sha256) return [];
      return [
        {
          resource: resourceRef(unit.resource),
          message: `the ${unit.label} (sha256 ${actual.slice(0, 16)}, ${Buffer.byteLength(unit.code, "utf8")} bytes) is not the bundle of ${expected.sourceFile} (sha256 ${expected.sha256.slice(0, 16)}, ${Buffer.byteLength(expected.code, "utf8")} bytes)`,
        },
      ];
    }),
};
