import { describeClient } from "../../facts/clients";
import { facadeGrants } from "../../facts/facade-api";
import { keyOf, readValue } from "../../facts/references";
import { tenantResources } from "../../facts/resources";
import { resourceRef } from "../finding";
import type { Rule } from "../rule";

/** The applications the stack enables for a connection, each as Terraform reads it; unreadable items are left to connection-as-declared. */
function enabledApplications(input: Parameters<Rule["check"]>[0]): Set<string> {
  const keys = new Set<string>();
  for (const list of tenantResources(input.stack, "auth0_connection_clients")) {
    // Item by item: a list holding one reference is unreadable as a whole, but its items are not.
    const raw = list.values.enabled_clients;
    for (const item of Array.isArray(raw) ? raw : []) {
      const read = readValue(item);
      if (read !== undefined) keys.add(keyOf(read));
    }
  }
  return keys;
}

export const facadeClientsNotUserFacing: Rule = {
  id: "facade-clients-not-user-facing",
  checks: "No client that holds a facade grant is an application users log in to (enabled for the connection).",
  threat:
    "A facade token lets its holder check any user's password and read any user's profile. An application users log in to runs where users " +
    "and their browsers are (a SPA, a mobile app, a web app whose secret more people handle): approving it for facade tokens hands that power " +
    "to the least protected client of the tenant, under a description that reads like an approved back-office tool.",
  fix: "Approve only back-office M2M applications for facade tokens: remove the client from approvedClients, or from connection.enabledClients.",
  check: (input) => {
    const enabled = enabledApplications(input);
    return facadeGrants(input).flatMap((grant) => {
      const client = readValue(grant.values.client_id);
      // A grant whose client cannot be read is facade-access-as-declared's finding.
      if (client === undefined || !enabled.has(keyOf(client))) return [];
      return [
        {
          resource: resourceRef(grant),
          message: `${describeClient(input, client)} holds a facade grant and is enabled for the connection: users log in to it, so it must never hold facade tokens`,
        },
      ];
    });
  },
};
