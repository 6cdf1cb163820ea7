import { findCredentials } from "../code/credentials";
import { parsedCode } from "../code/syntax-tree";
import { resourceRef } from "../finding";
import type { Rule } from "../rule";

const lineAt = (text: string, index: number) => text.slice(0, index).split("\n").length;

export const codeNoEmbeddedSecrets: Rule = {
  id: "code-no-embedded-secrets",
  checks: "No script or Action contains a PEM private key, a JWT or a high-entropy token, in code, strings or comments.",
  threat:
    "Code is the same in every stage, visible to every tenant admin in the Dashboard and committed to the repository: a credential in it " +
    "is a credential shared with all of them, and it never rotates.",
  fix: "Remove it and rotate it; pass secrets through the connection configuration or Action secrets, by Terraform reference.",
  check: (input) =>
    parsedCode(input.stack).flatMap((unit) =>
      findCredentials(unit.code).map((found) => ({
        resource: resourceRef(unit.resource),
        message: `${unit.label}, line ${lineAt(unit.code, found.index)}: contains what looks like ${found.kind}`,
      })),
    ),
};
