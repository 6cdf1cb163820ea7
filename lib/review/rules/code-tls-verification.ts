import { patternViolations } from "../code/scanned-code";
import type { Rule } from "../rule";

/** A `checkServerIdentity` that accepts every certificate: it returns nothing, whatever it is given. */
const ACCEPT_ANY = String.raw`(?:\(\s*[^)]*\)|[\w$]+)\s*=>\s*(?:undefined|void 0|null|\{\s*(?:return\s*(?:undefined|void 0|null)?\s*;?\s*)?\})|(?:async\s+)?function\s*[\w$]*\s*\([^)]*\)\s*\{\s*(?:return\s*(?:undefined|void 0|null)?\s*;?\s*)?\}`;

export const codeTlsVerification: Rule = {
  id: "code-tls-verification",
  checks:
    "No script or Action disables TLS certificate verification: no literal `rejectUnauthorized: false` (or `!1`, `0`), no `NODE_TLS_REJECT_UNAUTHORIZED`, " +
    "no `checkServerIdentity` that accepts any certificate. (The pinned agent's `rejectUnauthorized: pinSet.size === 0` replaces chain validation with the exact-fingerprint check and passes.)",
  threat:
    "Without certificate verification, anyone between Auth0 and the facade or the token endpoint can pose as them and read every user's " +
    "password, the M2M client secret and the facade token, or answer logins for any account.",
  fix: "Remove it. For a self-signed facade certificate, pin it (`facade.certificate.sha256Pins`): the pinned agent checks the exact fingerprint before sending a byte.",
  check: (input) =>
    patternViolations(input.stack, [
      {
        pattern: /["']?\brejectUnauthorized["']?\s*[:=]\s*(?:false\b|!\s*1\b|!\s*true\b|0(?![\w.]))/,
        view: "withoutComments",
        what: (match) => `sets ${match[0].replace(/\s+/g, " ")}, which disables certificate verification`,
      },
      {
        pattern: /\bNODE_TLS_REJECT_UNAUTHORIZED\b/,
        view: "withoutComments",
        what: () => "touches NODE_TLS_REJECT_UNAUTHORIZED, which disables certificate verification for the whole process",
      },
      {
        pattern: new RegExp(String.raw`\bcheckServerIdentity\s*(?::\s*(?:${ACCEPT_ANY})|=\s*(?:${ACCEPT_ANY})|\([^)]*\)\s*\{\s*(?:return\s*(?:undefined|void 0|null)?\s*;?\s*)?\})`),
        view: "withoutComments",
        what: () => "declares a checkServerIdentity that accepts any certificate",
      },
    ]),
};
