import type { IDENTITY_CHANGES } from "../config/stage-schema";
import type { SynthesizedResource, SynthesizedStack } from "../synthesized/synthesized-stack";
import { asBoolean, asString, terraformValue } from "../synthesized/terraform-values";
import { valueAt } from "./values";

/**
 * What a deployed stage IS, as opposed to how it is set: the connection's name and
 * strategy (either change replaces the connection, deleting all its users), the facade
 * audience (a new one replaces the API and everything naming it), and import mode (off
 * after on sends every login, migrated users' too, to the legacy store). Read from a
 * synthesized stack, so a change made in code or an override counts as much as one made
 * in the stage file.
 */
export type IdentityChangeId = (typeof IDENTITY_CHANGES)[number];

export interface IdentityChange {
  readonly change: IdentityChangeId;
  readonly before: string;
  readonly after: string;
  /** What applying it costs, in a sentence. */
  readonly consequence: string;
}

/** A name as Terraform reads it (`${"legacy-users"}` is legacy-users); one Terraform computes never matches anything. */
const text = (value: unknown): string => asString(terraformValue(value)) ?? `(unreadable: ${JSON.stringify(value)})`;

/** Import mode as Terraform reads it (`true`, "true", `${true}`); a computed one counts as off, so turning it so is a change. */
const importModeOn = (connection: SynthesizedResource): boolean => asBoolean(valueAt(connection.values, "options", "import_mode")) === true;

/**
 * Every identity change from `previous` to `next`, by Terraform address: what Terraform
 * would replace or lock out if `next` were applied where `previous` is deployed.
 */
export function identityChanges(previous: SynthesizedStack, next: SynthesizedStack): IdentityChange[] {
  const changes: IdentityChange[] = [];
  for (const was of previous.ofType("auth0_connection")) {
    const name = text(was.values.name);
    const now = next.resources.find((resource) => resource.address === was.address);
    const loss = `applying it deletes every user of connection ${name}${importModeOn(was) ? ", every user migrated so far included" : ""}`;
    if (now === undefined) {
      changes.push({
        change: "connection.name",
        before: name,
        after: "(no longer declared)",
        consequence: `the stack no longer declares the connection at ${was.address}: ${loss}`,
      });
      continue;
    }
    if (text(now.values.name) !== name) changes.push({ change: "connection.name", before: name, after: text(now.values.name), consequence: loss });
    if (text(now.values.strategy) !== text(was.values.strategy)) {
      changes.push({ change: "connection.strategy", before: text(was.values.strategy), after: text(now.values.strategy), consequence: loss });
    }
    if (importModeOn(was) && !importModeOn(now)) {
      changes.push({
        change: "connection.importMode",
        before: "on",
        after: "off",
        consequence: `every login of connection ${name}, migrated users' too, would go to the legacy store, where a password changed in Auth0 no longer matches (Auth0's migration guide says to leave import on)`,
      });
    }
  }
  for (const was of previous.ofType("auth0_resource_server")) {
    const now = next.resources.find((resource) => resource.address === was.address);
    const audience = text(was.values.identifier);
    if (now === undefined || text(now.values.identifier) !== audience) {
      changes.push({
        change: "facade.audience",
        before: audience,
        after: now === undefined ? "(no longer declared)" : text(now.values.identifier),
        consequence: "applying it replaces the facade API, its scopes and every grant: every login fails until the apply ends",
      });
    }
  }
  return changes;
}

/** The identity as a reviewer reads it, one line per fact, for a report. */
export function identityFacts(stack: SynthesizedStack): { readonly change: IdentityChangeId; readonly value: string }[] {
  const connections = stack.ofType("auth0_connection");
  const apis = stack.ofType("auth0_resource_server");
  const all = (values: string[]) => (values.length === 0 ? "(none)" : values.join(", "));
  return [
    { change: "connection.name", value: all(connections.map((connection) => text(connection.values.name))) },
    { change: "connection.strategy", value: all(connections.map((connection) => text(connection.values.strategy))) },
    { change: "facade.audience", value: all(apis.map((api) => text(api.values.identifier))) },
    { change: "connection.importMode", value: all(connections.map((connection) => (importModeOn(connection) ? "on" : "off"))) },
  ];
}
