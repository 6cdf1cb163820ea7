import { CONFIGURATION_KEYS } from "../../contract/connection-configuration";
import { facadeScopes } from "../config/stage-config";
import type { SynthesizedResource } from "../synthesized/synthesized-stack";
import { configurationOf, customDatabases } from "./connection";
import { attributeOf, readValue, resourceOfReference, type ReadValue } from "./references";
import type { StageInput } from "./stage-input";

/**
 * A client as a reviewer knows it: a client of this stack by construct path, or an
 * approved client by ID and the description its stage file gives.
 */
export function describeClient(input: StageInput, client: ReadValue): string {
  if ("reference" in client) {
    const resource = resourceOfReference(input.stack, client.reference);
    return resource === undefined ? `\${${client.reference}}` : resource.path;
  }
  const approved = input.config.approvedClients.find((entry) => entry.clientId === client.literal);
  return approved === undefined ? `${client.literal} (not in ${input.config.sourceFile})` : `${client.literal} (${approved.description})`;
}

/** The M2M client the scripts authenticate as: the `auth0_client` their CLIENT_ID references. */
export function scriptsClient(input: StageInput): SynthesizedResource | undefined {
  const references = customDatabases(input.stack).flatMap((connection) => {
    const read = readValue(configurationOf(connection)?.[CONFIGURATION_KEYS.clientId]);
    return read !== undefined && "reference" in read ? [read.reference] : [];
  });
  return input.stack.ofType("auth0_client").find((client) => references.includes(attributeOf(client, "client_id")));
}

/** A client the stage file lets get facade tokens, with exactly the scopes it may hold. */
export interface DeclaredAccess {
  readonly client: ReadValue;
  readonly scopes: readonly string[];
  /** As the report and messages name it. */
  readonly who: string;
}

/** Who may get a facade token, as the stage file declares it: the scripts' client and each approved client. */
export function declaredAccess(input: StageInput): DeclaredAccess[] {
  const scripts = scriptsClient(input);
  return [
    ...(scripts === undefined
      ? []
      : [{ client: { reference: attributeOf(scripts, "client_id") }, scopes: facadeScopes(input.config), who: `the scripts' client ${scripts.path}` }]),
    ...input.config.approvedClients.map((approved) => ({
      client: { literal: approved.clientId },
      scopes: [...approved.scopes].sort(),
      who: `approved client ${approved.clientId} (${approved.description})`,
    })),
  ];
}
