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
});
