import { findCredentials } from "../code/credentials";
import { codeViolation, scannedCode } from "../code/scanned-code";
import type { Rule } from "../rule";

export const codeNoEmbeddedSecrets: Rule = {
  id: "code-no-embedded-secrets",
  checks: "No script or Action contains a PEM private key, a JWT or a high-entropy token.",
  threat:
    "Code is the same in every stage, visible to every tenant admin in the Dashboard and committed to the repository: a credential in it " +
    "is a credential shared with all of them, and it never rotates.",
  fix: "Remove it and rotate it; pass secrets through the connection configuration or Action secrets, by Terraform reference.",
  check: (input) =>
    scannedCode(input.stack).flatMap((unit) =>
      findCredentials(unit.code).map((found) => codeViolation(unit, found.index, `contains what looks like ${found.kind}`)),
    ),
};
