import type { ScriptName } from "../../contract/facade-contract";

/**
 * The function Auth0 calls for each custom database script: the declared name (Auth0's
 * own templates use these; `delete` is a reserved word) and the parameters it passes.
 */
export const SCRIPT_SIGNATURES: Readonly<Record<ScriptName, { functionName: string; parameters: readonly string[] }>> = {
  login: { functionName: "login", parameters: ["email", "password", "callback"] },
  get_user: { functionName: "getByEmail", parameters: ["email", "callback"] },
  create: { functionName: "create", parameters: ["user", "callback"] },
  verify: { functionName: "verify", parameters: ["email", "callback"] },
  change_password: { functionName: "changePassword", parameters: ["email", "newPassword", "callback"] },
  delete: { functionName: "remove", parameters: ["id", "callback"] },
};
