import { scriptsClient } from "../../facts/clients";
import { facadeGrants } from "../../facts/facade-api";
import { resourceOfReference, readValue } from "../../facts/references";
import { tenantResources } from "../../facts/resources";
import { valueAt } from "../../facts/values";
import type { SynthesizedResource } from "../../synthesized/synthesized-stack";
import { asString, asStringList, describeValue } from "../../synthesized/terraform-values";
import { resourceRef, stackRef, type Violation } from "../finding";
import type { Rule } from "../rule";

function clientProblems(client: SynthesizedResource, role: string): string[] {
  const problems: string[] = [];
  const appType = valueAt(client.values, "app_type");
  if (asString(appType) !== "non_interactive")
    problems.push(`${role} has app_type ${describeValue(appType)}; it must be non_interactive (machine to machine, no user flows)`);
  const grantTypes = asStringList(valueAt(client.values, "grant_types"));
  if (grantTypes === undefined) {
    const raw = valueAt(client.values, "grant_types");
    problems.push(
      `${role}'s grant types are ${raw === undefined ? "not declared, so Auth0 applies its default grant types" : `unreadable (${describeValue(raw)})`}; it must allow client_credentials only`,
    );
  } else {
    const others = grantTypes.filter((type) => type !== "client_credentials");
    if (others.length > 0) problems.push(`${role} allows ${others.join(", ")} besides client_credentials`);
    else if (grantTypes.length === 0) problems.push(`${role} allows no grant type at all; it must allow client_credentials only`);
  }
  return problems;
}

export const m2mClientCredentialsOnly: Rule = {
  id: "m2m-client-credentials-only",
  checks:
    "The scripts' M2M client, every client of the stack holding a facade grant, and every other `non_interactive` client are machine-to-machine clients allowing the `client_credentials` grant type and nothing else.",
  threat:
    "A client that holds a facade grant and also allows password, authorization-code, implicit or refresh-token grants (or is re-typed a web " +
    "application) can obtain tokens through user flows and long-lived refresh tokens, widening who and what can reach the legacy user store with its secret.",
  fix: 'Declare the client with `ScriptsClient` (`app_type = "non_interactive"`, `grant_types = ["client_credentials"]`); remove overrides of either.',
  check: (input) => {
    const clients = new Map<string, { client: SynthesizedResource; role: string }>();
    const scripts = scriptsClient(input);
    if (scripts !== undefined) clients.set(scripts.address, { client: scripts, role: "the scripts' M2M client" });
    for (const grant of facadeGrants(input)) {
      const read = readValue(grant.values.client_id);
      const client = read !== undefined && "reference" in read ? resourceOfReference(input.stack, read.reference) : undefined;
      if (client?.type === "auth0_client" && !clients.has(client.address)) clients.set(client.address, { client, role: "a client holding a facade grant" });
    }
    for (const client of tenantResources(input.stack, "auth0_client")) {
      if (asString(valueAt(client.values, "app_type")) === "non_interactive" && !clients.has(client.address))
        clients.set(client.address, { client, role: "the M2M client" });
    }
    const violations: Violation[] = [...clients.values()].flatMap(({ client, role }) =>
      clientProblems(client, role).map((message) => ({ resource: resourceRef(client), message })),
    );
    if (scripts === undefined) {
      violations.push({
        resource: stackRef(input.config.stage),
        message: "no auth0_client of the stack is the one the scripts' CLIENT_ID names, so the review cannot check the client the scripts authenticate as",
      });
    }
    return violations;
  },
};
