import { patternViolations } from "../code/scanned-code";
import type { Rule } from "../rule";

export const codeNoDynamicCode: Rule = {
  id: "code-no-dynamic-code",
  checks: "No script or Action runs text as code: no `eval`, no `Function` constructor, no string passed to `setTimeout`/`setInterval`, no `vm`.",
  threat:
    "Code built from text at run time is code nobody reviewed: if any part of that text comes from a request, a facade answer or a " +
    "configuration value, whoever controls it runs code inside the tenant, next to the client secret and users' passwords.",
  fix: "Write the logic as code; parse data with JSON.parse.",
  check: (input) =>
    patternViolations(input.stack, [
      { pattern: /(?<![\w$.])eval\b/, view: "outsideStrings", what: () => "uses eval" },
      { pattern: /(?<![\w$.])Function\s*\(/, view: "outsideStrings", what: () => "builds a function from text with the Function constructor" },
      { pattern: /\bset(?:Timeout|Interval|Immediate)\s*\(\s*["'`]/, view: "withoutComments", what: (match) => `passes a string of code to ${match[0].replace(/\s*\(.*$/s, "")}` },
      { pattern: /\b(?:runIn(?:New|This)?Context|compileFunction)\b/, view: "outsideStrings", what: (match) => `runs text as code with vm's ${match[0]}` },
      { pattern: /\b(?:__)?require\s*\(\s*["'`](?:node:)?vm["'`]\s*\)/, view: "withoutComments", what: () => "loads Node's vm module" },
    ]),
};
