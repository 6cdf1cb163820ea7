import { describe, expect, it } from "vitest";
import { identityChanges, identityFacts } from "../../lib/facts/stage-identity";
import { SynthesizedStack } from "../../lib/synthesized/synthesized-stack";

type Body = Record<string, unknown>;

function stackOf(connection: Body | undefined, api: Body | undefined): SynthesizedStack {
  return new SynthesizedStack("prod", {
    resource: {
      ...(connection ? { auth0_connection: { Connection: connection } } : {}),
      ...(api ? { auth0_resource_server: { Api: api } } : {}),
    } as never,
  });
}

const CONNECTION = { name: "legacy-users", strategy: "auth0", options: { import_mode: true } };
const API = { identifier: "https://legacy-facade.acme.example/" };
const deployed = () => stackOf(CONNECTION, API);
const changesTo = (connection: Body | undefined, api: Body | undefined = API) =>
  identityChanges(deployed(), stackOf(connection, api)).map((change) => `${change.change}: ${change.before} -> ${change.after}: ${change.consequence}`);

const LOSS = "applying it deletes every user of connection legacy-users, every user migrated so far included";

describe("what a deployed stage is, read as Terraform reads it", () => {
  it("sees no change in the same values written as Terraform expressions", () => {
    expect(
      changesTo(
        { name: '${"legacy-users"}', strategy: '${lower("AUTH0")}', options: { import_mode: "${true}" } },
        { identifier: '${"https://legacy-facade.acme.example/"}' },
      ),
    ).toEqual([]);
    expect(changesTo({ ...CONNECTION, options: { import_mode: "true" } })).toEqual([]);
  });

  it("names a connection no longer declared: every user of it is deleted", () => {
    expect(changesTo(undefined)).toEqual([
      `connection.name: legacy-users -> (no longer declared): the stack no longer declares the connection at auth0_connection.Connection: ${LOSS}`,
    ]);
  });

  it("names a new name, strategy, audience and import mode off, each with what it costs", () => {
    expect(changesTo({ name: "customers", strategy: "ad", options: {} }, { identifier: "https://other/" })).toEqual([
      `connection.name: legacy-users -> customers: ${LOSS}`,
      `connection.strategy: auth0 -> ad: ${LOSS}`,
      "connection.importMode: on -> off: every login of connection legacy-users, migrated users' too, would go to the legacy store, where a password changed in Auth0 no longer matches (Auth0's migration guide says to leave import on)",
      "facade.audience: https://legacy-facade.acme.example/ -> https://other/: applying it replaces the facade API, its scopes and every grant: every login fails until the apply ends",
    ]);
    expect(
      identityChanges(deployed(), stackOf(CONNECTION, undefined)).map(
        (change) => `${change.change}: ${change.before} -> ${change.after}: ${change.consequence}`,
      ),
    ).toEqual([
      "facade.audience: https://legacy-facade.acme.example/ -> (no longer declared): applying it replaces the facade API, its scopes and every grant: every login fails until the apply ends",
    ]);
  });

  it("counts a value Terraform computes as a change, never as the same", () => {
    expect(changesTo({ ...CONNECTION, name: "${var.name}", options: { import_mode: "${var.import}" } })).toEqual([
      `connection.name: legacy-users -> (unreadable: "\${var.name}"): ${LOSS}`,
      "connection.importMode: on -> off: every login of connection legacy-users, migrated users' too, would go to the legacy store, where a password changed in Auth0 no longer matches (Auth0's migration guide says to leave import on)",
    ]);
  });

  it("does not count import mode turned on, nor what was never on", () => {
    const off = { ...CONNECTION, options: { import_mode: false } };
    expect(identityChanges(stackOf(off, API), deployed())).toEqual([]);
    expect(identityChanges(stackOf(off, API), stackOf({ ...off, options: {} }, API))).toEqual([]);
  });

  it("lists the identity for the report, one line per fact", () => {
    expect(identityFacts(deployed())).toEqual([
      { change: "connection.name", value: "legacy-users" },
      { change: "connection.strategy", value: "auth0" },
      { change: "facade.audience", value: "https://legacy-facade.acme.example/" },
      { change: "connection.importMode", value: "on" },
    ]);
    expect(identityFacts(stackOf(undefined, undefined)).map((fact) => fact.value)).toEqual(["(none)", "(none)", "(none)", "(none)"]);
    const two = new SynthesizedStack("prod", {
      resource: { auth0_connection: { A: { name: "a", strategy: "auth0" }, B: { name: "b", strategy: "auth0", options: { import_mode: true } } } } as never,
    });
    expect(identityFacts(two).map((fact) => fact.value)).toEqual(["a, b", "auth0, auth0", "(none)", "off, on"]);
  });
});
