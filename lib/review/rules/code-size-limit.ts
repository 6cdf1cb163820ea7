import { AUTH0_CODE_LIMIT_BYTES } from "../../limits";
import { codeUnits } from "../../facts/code-units";
import { unparseableCode } from "../code/syntax-tree";
import { resourceRef } from "../finding";
import type { Rule } from "../rule";

export const codeSizeLimit: Rule = {
  id: "code-size-limit",
  checks: `Every script and Action is literal JavaScript text that parses, of at most ${AUTH0_CODE_LIMIT_BYTES} bytes (Auth0's limit).`,
  threat:
    "Auth0 rejects larger code, so the apply fails half-way with the old scripts or guards still in place; code that is not literal text " +
    "(computed by Terraform) or does not parse escapes every code rule of this review.",
  fix: "Keep the scripts dependency-free (esbuild bundles everything into each one); write code as bundled text, never as a Terraform expression.",
  check: (input) => [
    ...codeUnits(input.stack).flatMap((unit) => {
      if (unit.code === undefined) {
        return [
          {
            resource: resourceRef(unit.resource),
            message: `the ${unit.label} is not literal text (it holds a Terraform interpolation or is not a string), so no code rule could read it`,
          },
        ];
      }
      const bytes = Buffer.byteLength(unit.code, "utf8");
      return bytes <= AUTH0_CODE_LIMIT_BYTES
        ? []
        : [{ resource: resourceRef(unit.resource), message: `the ${unit.label} is ${bytes} bytes, over Auth0's limit of ${AUTH0_CODE_LIMIT_BYTES} bytes` }];
    }),
    ...unparseableCode(input.stack).map((unit) => ({
      resource: resourceRef(unit.resource),
      message: `the ${unit.label} does not parse as JavaScript (${unit.error}), so no code rule could read it`,
    })),
  ],
};
