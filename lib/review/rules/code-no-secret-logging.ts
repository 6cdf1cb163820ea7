import { parenthesized } from "../code/javascript-text";
import { codeViolation, scannedCode } from "../code/scanned-code";
import type { Violation } from "../finding";
import type { Rule } from "../rule";

/** Calls whose arguments end up in Auth0's logs: console output, and error messages (Auth0 logs a script's errors). */
const LOGGING_CALL = /\bconsole\s*\.\s*(?:log|info|warn|error|debug|trace|dir|table)\s*\(|\bprocess\s*\.\s*std(?:out|err)\s*\.\s*write\s*\(|\bnew\s+[\w$]*Error\s*\(/g;
/** Names of values that must never be logged: `password`, `newPassword`, `client_secret`, `accessToken`, ... */
const SENSITIVE_NAME = /(?:password|passwd|secret|token|authorization|credentials?)$/i;

export const codeNoSecretLogging: Rule = {
  id: "code-no-secret-logging",
  checks:
    "No console call or error message in a script or Action names a password, secret, token or authorization value " +
    "(a lexical check of the call's arguments: a reviewer still reads what is logged).",
  threat:
    "Auth0 keeps script and Action output and errors in its logs and streams them to log tools: a password, client secret or access token " +
    "written there is readable by everyone with log access, long after the request.",
  fix: "Log what happened, never the value: name the operation and the status, as the scripts' error messages do.",
  check: (input) =>
    scannedCode(input.stack).flatMap((unit) => {
      const code = unit.text.outsideStrings;
      return [...code.matchAll(LOGGING_CALL)].flatMap((match): Violation[] => {
        const call = match[0].replace(/\s*\($/, "").replace(/\s+/g, " ");
        const names = (parenthesized(code, (match.index ?? 0) + match[0].length - 1).match(/[A-Za-z_$][\w$]*/g) ?? []).filter((name) => SENSITIVE_NAME.test(name));
        if (names.length === 0) return [];
        return [codeViolation(unit, match.index ?? 0, `${call}(...) writes ${[...new Set(names)].join(", ")} to the logs`)];
      });
    }),
};
