import type { IConstruct } from "constructs";

/** Why a construct refuses its props; stable, so callers and tests can tell refusals apart. */
export type ValidationCode =
  | "empty-identifier"
  | "no-scopes"
  | "duplicate-scopes"
  | "token-lifetime-out-of-range"
  | "grant-scopes"
  | "script-required"
  | "import-mode-scripts"
  | "no-enabled-clients"
  | "timeout-out-of-range"
  | "bad-pins"
  | "action-secrets-count"
  | "guard-before-grants"
  | "grant-after-guard"
  | "adopt-connection-id"
  | "adopt-resource-server-id"
  | "adopt-client-id"
  | "adopt-grant-id"
  | "adopt-action-id"
  | "token-quota"
  | "client-credential"
  | "signing-keys";

/**
 * The one error constructs raise for invalid props (the aws-cdk-lib habit): its message
 * starts with the construct path (`prod/CustomDatabase: ...`), and it carries a code.
 */
export class ConstructValidationError extends Error {
  constructor(
    /** The construct path, `prod/CustomDatabase`. */
    readonly path: string,
    readonly code: ValidationCode,
    detail: string,
  ) {
    super(`${path}: ${detail}`);
    this.name = "ConstructValidationError";
  }
}

export function constructError(scope: IConstruct, code: ValidationCode, detail: string): ConstructValidationError {
  return new ConstructValidationError(scope.node.path, code, detail);
}
