import { codeViolation, patternViolations, scannedCode } from "../code/scanned-code";
import type { Rule } from "../rule";

export const codeHttpsOnly: Rule = {
  id: "code-https-only",
  checks: "No script or Action holds a plain `http://` URL or loads Node's `http` module.",
  threat:
    "A request over plain http carries its body and headers (passwords, the client secret, the bearer token) in clear text, " +
    "readable and alterable on the way; the bundler already refuses the http module, this catches what slips past it.",
  fix: "Use https:// and the `https` module (the scripts' `postJson` does).",
  check: (input) => [
    ...scannedCode(input.stack).flatMap((unit) =>
      unit.text.strings
        .filter((literal) => /http:\/\//i.test(literal.text))
        .map((literal) => codeViolation(unit, literal.start + literal.text.search(/http:\/\//i), "holds a plain http:// URL")),
    ),
    ...patternViolations(input.stack, [
      {
        pattern: /\b(?:__)?(?:require|import)\s*\(\s*["'`](?:node:)?http["'`]\s*\)/,
        view: "withoutComments",
        what: () => "loads Node's plain http module",
      },
    ]),
  ],
};
