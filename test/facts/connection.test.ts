import { describe, expect, it } from "vitest";
import { customDatabases, databaseConnections } from "../../lib/facts/connection";
import { exampleInputs, mutated } from "../review/support/review-inputs";

describe("connection facts", () => {
  it("know database connections by strategy, and custom databases by their customization flag", () => {
    const input = mutated(exampleInputs().dev, (document) => {
      document.resource.auth0_connection.Social = {
        "//": { metadata: { path: "dev/Social" } },
        strategy: "google-oauth2",
        options: { enabled_database_customization: true },
      };
      document.resource.auth0_connection.Plain = { "//": { metadata: { path: "dev/Plain" } }, strategy: "auth0", options: {} };
    });
    expect(databaseConnections(input.stack).map((connection) => connection.path)).toEqual(["dev/CustomDatabase/Connection", "dev/Plain"]);
    expect(customDatabases(input.stack).map((connection) => connection.path)).toEqual(["dev/CustomDatabase/Connection"]);
  });

  it("count a connection whose strategy or customization flag they cannot read, fail closed", () => {
    const input = mutated(exampleInputs().dev, (document) => {
      document.resource.auth0_connection.Computed = {
        "//": { metadata: { path: "dev/Computed" } },
        strategy: "${var.strategy}",
        options: { enabled_database_customization: "${var.custom}" },
      };
      document.resource.auth0_connection.NoStrategy = { "//": { metadata: { path: "dev/NoStrategy" } }, options: { enabled_database_customization: "true" } };
      document.resource.auth0_connection.Off = {
        "//": { metadata: { path: "dev/Off" } },
        strategy: "auth0",
        options: { enabled_database_customization: "false" },
      };
    });
    expect(customDatabases(input.stack).map((connection) => connection.path)).toEqual(["dev/CustomDatabase/Connection", "dev/Computed", "dev/NoStrategy"]);
  });
});
