import type { SynthesizedResource, SynthesizedStack } from "../../synthesized/synthesized-stack";
import { asRecord, dig } from "../values";

/** Database connections (strategy `auth0`): the ones Auth0 runs custom scripts for. */
export function databaseConnections(stack: SynthesizedStack): SynthesizedResource[] {
  return stack.ofType("auth0_connection").filter((connection) => connection.values.strategy === "auth0");
}

/** The `options.configuration` map the scripts read; `undefined` when absent or unreadable. */
export function configurationOf(connection: SynthesizedResource): Readonly<Record<string, unknown>> | undefined {
  return asRecord(dig(connection.values, "options", "configuration"));
}

/** The connections that run the custom database scripts. */
export function customDatabases(stack: SynthesizedStack): SynthesizedResource[] {
  return databaseConnections(stack).filter((connection) => dig(connection.values, "options", "enabled_database_customization") === true);
}
