import type { StageConfig } from "../config/stage-config";
import type { SynthesizedStack } from "../synthesized/synthesized-stack";

/**
 * Terraform import blocks: what the stack's first plan takes over from the tenant instead
 * of creating. What the stage file's `adopt` declares, and what the stack holds, so the
 * review can hold one to the other and the plan gate can check the plan imports them.
 */

/** One import the stage file declares: the resource (by construct path below the stack) and the tenant object's import ID. */
export interface DeclaredImport {
  readonly type: string;
  /** Construct path below the stack, `CustomDatabase/Connection`. */
  readonly path: string;
  readonly id: string;
}

/** One import block of the stack, as synthesized. */
export interface StackImport {
  /** The index in the stack's `import` list. */
  readonly index: number;
  readonly to: unknown;
  readonly id: unknown;
  /** Keys other than `to` and `id` (`provider`, `for_each`): imports from elsewhere, or unreadable ones. */
  readonly otherKeys: readonly string[];
}

/** The import blocks `adopt` implies, with the provider's import ID format for each resource. */
export function declaredImports(config: StageConfig): DeclaredImport[] {
  const adopt = config.adopt;
  if (adopt === undefined) return [];
  const imports: DeclaredImport[] = [
    { type: "auth0_connection", path: "CustomDatabase/Connection", id: adopt.connectionId },
    { type: "auth0_connection_clients", path: "CustomDatabase/EnabledClients", id: adopt.connectionId },
  ];
  if (adopt.resourceServerId !== undefined) {
    imports.push(
      { type: "auth0_resource_server", path: "ProtectedApi/ResourceServer", id: adopt.resourceServerId },
      // The scopes resource is imported by the API's identifier.
      { type: "auth0_resource_server_scopes", path: "ProtectedApi/Scopes", id: config.facade.audience },
    );
  }
  if (adopt.scriptsClient !== undefined) {
    imports.push(
      { type: "auth0_client", path: "FacadeClient/Client", id: adopt.scriptsClient.clientId },
      { type: "auth0_client_credentials", path: "FacadeClient/Credentials", id: adopt.scriptsClient.clientId },
      { type: "auth0_client_grant", path: "FacadeClient/Grant", id: adopt.scriptsClient.grantId },
    );
  }
  for (const [clientId, grantId] of Object.entries(adopt.approvedClientGrants)) {
    imports.push({ type: "auth0_client_grant", path: `ProtectedApi/ApprovedClient-${clientId}`, id: grantId });
  }
  const guards = [
    ["ExchangeGuard", "credentials-exchange", adopt.exchangeGuardActionId],
    ["LoginGuard", "post-login", adopt.loginGuardActionId],
  ] as const;
  for (const [guard, trigger, actionId] of guards) {
    if (actionId === undefined) continue;
    imports.push(
      { type: "auth0_action", path: `${guard}/Guard/Action`, id: actionId },
      // One binding's import ID: <trigger>::<action ID>.
      { type: "auth0_trigger_action", path: `${guard}/Guard/Binding`, id: `${trigger}::${actionId}` },
    );
  }
  return imports;
}

/** The stack's import blocks; a document whose `import` is not a list of objects yields one unreadable entry. */
export function stackImports(stack: SynthesizedStack): StackImport[] {
  const blocks = (stack.document as { import?: unknown }).import;
  if (blocks === undefined) return [];
  if (!Array.isArray(blocks)) return [{ index: 0, to: undefined, id: undefined, otherKeys: ["(import is not a list)"] }];
  return blocks.map((block, index) => {
    const entry = typeof block === "object" && block !== null && !Array.isArray(block) ? (block as Record<string, unknown>) : {};
    return { index, to: entry.to, id: entry.id, otherKeys: Object.keys(entry).filter((key) => key !== "to" && key !== "id") };
  });
}
