import type { SynthesizedResource, SynthesizedStack } from "../synthesized/synthesized-stack";
import { asBoolean, asString } from "../synthesized/terraform-values";
import { refersTo } from "./references";
import { tenantResources } from "./resources";
import { asRecord, dig, valueAt } from "./values";

/**
 * Database connections (strategy `auth0`, as Terraform reads it) of the stage's tenant.
 * A strategy the review cannot read counts: it may well be one.
 */
export function databaseConnections(stack: SynthesizedStack): SynthesizedResource[] {
  return tenantResources(stack, "auth0_connection").filter((connection) => {
    const strategy = valueAt(connection.values, "strategy");
    return strategy?.kind !== "known" || asString(strategy) === "auth0";
  });
}

/** The database connections that may run custom scripts: customization on, or unreadable (absent is Auth0's default, off). */
export function customDatabases(stack: SynthesizedStack): SynthesizedResource[] {
  return databaseConnections(stack).filter((connection) => {
    const customization = valueAt(connection.values, "options", "enabled_database_customization");
    return customization !== undefined && asBoolean(customization) !== false;
  });
}

/** The `options.configuration` map the scripts read; `undefined` when absent or unreadable. */
export function configurationOf(connection: SynthesizedResource): Readonly<Record<string, unknown>> | undefined {
  return asRecord(dig(connection.values, "options", "configuration"));
}

/** The `options.custom_scripts` map, by script name; `undefined` when absent or unreadable. */
export function scriptsOf(connection: SynthesizedResource): Readonly<Record<string, unknown>> | undefined {
  return asRecord(dig(connection.values, "options", "custom_scripts"));
}

/** Resources that enable applications for a connection: `auth0_connection_clients` and `auth0_connection_client`. */
export function connectionClientsOf(stack: SynthesizedStack, connection: SynthesizedResource): SynthesizedResource[] {
  return [...tenantResources(stack, "auth0_connection_clients"), ...tenantResources(stack, "auth0_connection_client")].filter((resource) =>
    refersTo(resource.values.connection_id, connection, "id"),
  );
}
