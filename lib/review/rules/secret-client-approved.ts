import type { SynthesizedStack } from "../../synthesized/synthesized-stack";
import { approvedClients, guardStates } from "../../facts/actions";
import { describeClient } from "../../facts/clients";
import { attributeOf, keyOf, readValue, type ReadValue } from "../../facts/references";
import { tenantResources } from "../../facts/resources";
import { valueAt } from "../../facts/values";
import { asString } from "../../synthesized/terraform-values";
import { resourceRef, type ResourceRef } from "../finding";
import type { Rule } from "../rule";

/** Clients of this stack that hold a client secret: through a secret-based credentials resource, or as a confidential M2M app. */
function secretBearingClients(stack: SynthesizedStack): { client: ReadValue; resource: ResourceRef }[] {
  const found = new Map<string, { client: ReadValue; resource: ResourceRef }>();
  for (const credentials of tenantResources(stack, "auth0_client_credentials")) {
    const method = asString(valueAt(credentials.values, "authentication_method"));
    const client = readValue(credentials.values.client_id);
    if (client !== undefined && (typeof method !== "string" || method.startsWith("client_secret"))) {
      found.set(keyOf(client), { client, resource: resourceRef(credentials) });
    }
  }
  for (const app of tenantResources(stack, "auth0_client").filter((client) => asString(valueAt(client.values, "app_type")) === "non_interactive")) {
    const client: ReadValue = { reference: attributeOf(app, "client_id") };
    if (!found.has(keyOf(client))) found.set(keyOf(client), { client, resource: resourceRef(app) });
  }
  return [...found.values()];
}

export const secretClientApproved: Rule = {
  id: "secret-client-approved",
  checks: "Every client this stack gives a client secret is approved by the credentials-exchange guard.",
  threat:
    "Every secret this stack creates exists to call the facade. One the guard does not approve is either a live credential that nothing needs " +
    "(kept in state, one more thing to leak) or the scripts' own client, whose token requests the guard denies, so logins fail. " +
    "A warning, not an error: the guard still fails closed, so no one gains access.",
  fix: "Remove the client, or give it a facade grant through `ProtectedApi.grantAccess` so the guard approves it.",
  check: (input) => {
    const clients = secretBearingClients(input.stack);
    return guardStates(input, "credentials-exchange")
      .filter((state) => state.guardsFacade === true)
      .flatMap(({ action }) => {
        const approved = approvedClients(action);
        // An unreadable list is guard-approves-granted-clients' finding.
        if (approved === undefined) return [];
        const keys = new Set(approved.map(keyOf));
        return clients
          .filter((entry) => !keys.has(keyOf(entry.client)))
          .map((entry) => ({
            resource: entry.resource,
            message: `${describeClient(input, entry.client)} holds a client secret, but the credentials-exchange guard ${action.path} does not approve it`,
          }));
      });
  },
};
