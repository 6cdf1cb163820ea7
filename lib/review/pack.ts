import type { Severity } from "./finding";
import type { Rule } from "./rule";
import { actionRuntimeNode22 } from "./rules/action-runtime-node22";
import { actionSecretsWriteOnly } from "./rules/action-secrets-write-only";
import { apiAsDeclared } from "./rules/api-as-declared";
import { apiClientsRequireGrant } from "./rules/api-clients-require-grant";
import { apiUsersDenyAll } from "./rules/api-users-deny-all";
import { codeHttpsOnly } from "./rules/code-https-only";
import { codeMatchesBundle } from "./rules/code-matches-bundle";
import { codeModulesAllowed } from "./rules/code-modules-allowed";
import { codeNoDynamicCode } from "./rules/code-no-dynamic-code";
import { codeNoEmbeddedSecrets } from "./rules/code-no-embedded-secrets";
import { codeNoProcess } from "./rules/code-no-process";
import { codeNoSecretLogging } from "./rules/code-no-secret-logging";
import { codeSizeLimit } from "./rules/code-size-limit";
import { codeTlsVerification } from "./rules/code-tls-verification";
import { connectionAsDeclared } from "./rules/connection-as-declared";
import { connectionBruteForceProtection } from "./rules/connection-brute-force-protection";
import { exchangeGuardBound } from "./rules/exchange-guard-bound";
import { facadeAccessAsDeclared } from "./rules/facade-access-as-declared";
import { facadeClientsNotUserFacing } from "./rules/facade-clients-not-user-facing";
import { facadePinsRule } from "./rules/facade-pins";
import { guardApprovesGrantedClients } from "./rules/guard-approves-granted-clients";
import { guardedTriggersOwned } from "./rules/guarded-triggers-owned";
import { importsAsDeclared } from "./rules/imports-as-declared";
import { loginGuardBound } from "./rules/login-guard-bound";
import { m2mClientCredentialsOnly } from "./rules/m2m-client-credentials-only";
import { noLiteralSecrets } from "./rules/no-literal-secrets";
import { secretClientApproved } from "./rules/secret-client-approved";
import { terraformMetaArguments } from "./rules/terraform-meta-arguments";

export interface PackEntry {
  readonly rule: Rule;
  readonly severity: Severity;
}

/**
 * The review's policy: every rule it runs, in report order, with its severity. Warnings
 * are the two findings that open no access by themselves (see their threat text).
 */
export const PACK: readonly PackEntry[] = [
  { rule: apiUsersDenyAll, severity: "error" },
  { rule: apiClientsRequireGrant, severity: "error" },
  { rule: apiAsDeclared, severity: "error" },
  { rule: facadeAccessAsDeclared, severity: "error" },
  { rule: facadeClientsNotUserFacing, severity: "error" },
  { rule: m2mClientCredentialsOnly, severity: "error" },
  { rule: secretClientApproved, severity: "warning" },
  { rule: guardApprovesGrantedClients, severity: "error" },
  { rule: exchangeGuardBound, severity: "error" },
  { rule: loginGuardBound, severity: "error" },
  { rule: guardedTriggersOwned, severity: "error" },
  { rule: actionRuntimeNode22, severity: "error" },
  { rule: connectionAsDeclared, severity: "error" },
  { rule: connectionBruteForceProtection, severity: "error" },
  { rule: facadePinsRule, severity: "error" },
  { rule: actionSecretsWriteOnly, severity: "warning" },
  { rule: noLiteralSecrets, severity: "error" },
  { rule: terraformMetaArguments, severity: "error" },
  { rule: importsAsDeclared, severity: "error" },
  { rule: codeMatchesBundle, severity: "error" },
  { rule: codeSizeLimit, severity: "error" },
  { rule: codeModulesAllowed, severity: "error" },
  { rule: codeNoProcess, severity: "error" },
  { rule: codeNoDynamicCode, severity: "error" },
  { rule: codeTlsVerification, severity: "error" },
  { rule: codeHttpsOnly, severity: "error" },
  { rule: codeNoSecretLogging, severity: "error" },
  { rule: codeNoEmbeddedSecrets, severity: "error" },
];

/**
 * Not a check of the stack but of the stage file's suppressions: one that matches no
 * finding is an error, and can itself never be suppressed.
 */
export const UNUSED_SUPPRESSION = {
  id: "suppression-matches-finding",
  severity: "error" as Severity,
  checks: "Every suppression in the stage file matches a finding of this review.",
  threat:
    "A suppression that matches nothing is a waiver waiting for a finding: a typo that hides nothing today, or a stale one that silently " +
    "hides the next real problem of that rule on that resource.",
  fix: "Remove the suppression, or correct its rule id or resource (the construct path or Terraform address shown in the report).",
};

/** Every rule id the review can report, in report order. */
export function ruleIds(): string[] {
  return [...PACK.map((entry) => entry.rule.id), UNUSED_SUPPRESSION.id];
}
