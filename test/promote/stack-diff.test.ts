import { describe, expect, it } from "vitest";
import { getPath, type JsonObject, leafPaths, setPath, showJson } from "../../lib/config/json-paths";
import { diffStacks } from "../../lib/promote/stack-diff";

describe("what the target stack declares differently", () => {
  const source = {
    resource: {
      auth0_connection: {
        Connection_1: {
          "//": { metadata: { path: "dev/CustomDatabase/Connection" } },
          name: "legacy",
          options: { brute_force_protection: true, configuration: { A: "1" } },
          enabled_clients: ["a", "b"],
        },
      },
      auth0_client: { Gone_2: { "//": { metadata: { path: "dev/Extra" } }, name: "gone" } },
    },
    data: { auth0_tenant: { Tenant: { "//": { metadata: { path: "dev/Tenant" } } } } },
    output: { allowlist: { value: "x" } },
    provider: { auth0: [{ domain: "dev.eu.auth0.com" }] },
  };

  it("is nothing for the same stack, whatever its metadata says", () => {
    const relabelled = structuredClone(source);
    relabelled.resource.auth0_connection.Connection_1["//"].metadata.path = "prod/CustomDatabase/Connection";
    expect(diffStacks(source, relabelled)).toEqual([]);
  });

  it("names each changed field by its path, with both values, and the construct path without the stage", () => {
    const target = structuredClone(source);
    target.resource.auth0_connection.Connection_1.options.brute_force_protection = false;
    target.resource.auth0_connection.Connection_1.enabled_clients = ["a"];
    target.resource.auth0_connection.Connection_1.options.configuration = { A: "1", B: "2" } as { A: string };
    expect(diffStacks(source, target)).toEqual([
      {
        address: "auth0_connection.Connection_1",
        path: "CustomDatabase/Connection",
        change: "changed",
        fields: [
          { field: "options.brute_force_protection", source: true, target: false },
          { field: "enabled_clients[1]", source: "b", target: undefined },
          { field: "options.configuration.B", source: undefined, target: "2" },
        ],
      },
    ]);
  });

  it("lists declarations only one side has, outputs, providers and the terraform block among them", () => {
    const target = {
      resource: { auth0_connection: source.resource.auth0_connection, auth0_client: { New_3: { name: "new" } } },
      data: source.data,
      output: { allowlist: { value: "y" } },
      provider: { auth0: [{ domain: "prod.eu.auth0.com" }] },
      terraform: { backend: { local: {} } },
    };
    expect(diffStacks(source, target).map(({ address, path, change, fields }) => [address, path, change, fields.map((f) => f.field)])).toEqual([
      ["auth0_client.Gone_2", "Extra", "only-in-source", ["name"]],
      ["output.allowlist", undefined, "changed", ["value"]],
      ["provider.auth0", undefined, "changed", ["[0].domain"]],
      ["auth0_client.New_3", undefined, "only-in-target", ["name"]],
      ["terraform", undefined, "only-in-target", ["backend.local"]],
    ]);
  });

  it("reads data sources by their data. address", () => {
    const target = structuredClone(source);
    (target.data.auth0_tenant.Tenant as Record<string, unknown>).name = "t";
    expect(diffStacks(source, target).map((diff) => [diff.address, diff.path])).toEqual([["data.auth0_tenant.Tenant", "Tenant"]]);
  });
});

describe("stage-file field paths", () => {
  it("gets a value by dotted path, and nothing through a missing or non-object step", () => {
    const root = { facade: { url: "https://f", pins: ["a"] }, stage: "dev" };
    expect(getPath(root, "facade.url")).toBe("https://f");
    expect(getPath(root, "facade.pins")).toEqual(["a"]);
    expect(getPath(root, "facade.missing")).toBeUndefined();
    expect(getPath(root, "stage.length")).toBeUndefined();
    expect(getPath(root, "facade.pins.0")).toBeUndefined();
  });

  it("sets a value creating objects on the way, and deletes without creating any", () => {
    const root: JsonObject = { facade: { url: "https://f" }, stage: "dev" };
    setPath(root, "facade.certificate.pins", ["a"]);
    setPath(root, "stage", "prod");
    expect(root).toEqual({ facade: { url: "https://f", certificate: { pins: ["a"] } }, stage: "prod" });
    setPath(root, "facade.url", undefined);
    setPath(root, "tenant.domain", undefined);
    expect(root).toEqual({ facade: { certificate: { pins: ["a"] } }, stage: "prod" });
  });

  it("lists the leaves a file sets; arrays and empty objects are leaves", () => {
    expect(leafPaths({ a: { b: 1, c: [1, 2], d: {} }, e: "x" })).toEqual(["a.b", "a.c", "a.d", "e"]);
    expect(leafPaths({})).toEqual([]);
    expect(leafPaths("x")).toEqual([]);
  });

  it("shows JSON on one line, cut at the limit", () => {
    expect(showJson(undefined)).toBe("(not set)");
    expect(showJson({ a: 1 })).toBe('{"a":1}');
    expect(showJson("abcdef", 8)).toBe('"abcdef"');
    expect(showJson("abcdefg", 8)).toBe('"abcd...');
  });
});
