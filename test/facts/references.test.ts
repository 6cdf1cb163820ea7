import { describe, expect, it } from "vitest";
import { attributeOf, keyOf, readList, readValue, refersTo, resourceOfReference } from "../../lib/facts/references";
import { SynthesizedStack } from "../../lib/synthesized/synthesized-stack";

describe("readList", () => {
  it("reads a comma-separated literal, a single reference or a join on commas, item by item", () => {
    expect(readList(" a , b ")).toEqual([{ literal: "a" }, { literal: "b" }]);
    expect(readList("  ")).toEqual([]);
    expect(readList("${auth0_client.A.client_id}")).toEqual([{ reference: "auth0_client.A.client_id" }]);
    expect(readList('${join(",", [auth0_client.A.client_id, "b"])}')).toEqual([{ reference: "auth0_client.A.client_id" }, { literal: "b" }]);
  });

  it("refuses what it cannot read item by item: another separator, a value that is not a string", () => {
    expect(readList('${join(";", [auth0_client.A.client_id, "b"])}')).toBeUndefined();
    expect(readList(["a"])).toBeUndefined();
  });
});

describe("readValue", () => {
  it("reads one value as Terraform converts it to a string, or one reference; nothing computed", () => {
    expect(readValue("a")).toEqual({ literal: "a" });
    expect(readValue("${auth0_client.A.client_id}")).toEqual({ reference: "auth0_client.A.client_id" });
    expect(readValue("${var.a}")).toEqual({ reference: "var.a" });
    expect(readValue('${"a"}')).toEqual({ literal: "a" });
    expect(readValue('${join(",", [auth0_client.A.client_id, "b"])}')).toBeUndefined();
    expect(readValue("a-${auth0_client.A.client_id}")).toBeUndefined();
    expect(readValue(1)).toEqual({ literal: "1" });
    expect(readValue(["a"])).toBeUndefined();
  });
});

describe("references to the stack's own resources", () => {
  const clientsAndAnApi = () =>
    new SynthesizedStack("dev", { resource: { auth0_client: { A: { name: "a" }, AB: { name: "ab" } }, auth0_resource_server: { A: { name: "api" } } } });

  it("finds the resource a reference points at by its exact address", () => {
    const stack = clientsAndAnApi();
    const [clientA] = stack.ofType("auth0_client");
    expect(resourceOfReference(stack, "auth0_client.AB.client_id")?.values.name).toBe("ab");
    expect(resourceOfReference(stack, "auth0_resource_server.A.identifier")?.values.name).toBe("api");
    expect(resourceOfReference(stack, "auth0_client.C.client_id")).toBeUndefined();
    expect(attributeOf(clientA, "client_id")).toBe("auth0_client.A.client_id");
  });

  it("holds a value to exactly one reference of that resource and attribute", () => {
    const [clientA] = clientsAndAnApi().ofType("auth0_client");
    expect(refersTo("${auth0_client.A.client_id}", clientA, "client_id")).toBe(true);
    expect(refersTo("${auth0_client.A.client_secret}", clientA, "client_id")).toBe(false);
    expect(refersTo("${auth0_client.AB.client_id}", clientA, "client_id")).toBe(false);
    expect(refersTo("auth0_client.A.client_id", clientA, "client_id")).toBe(false);
    expect(refersTo('${join(",", [auth0_client.A.client_id])}', clientA, "client_id")).toBe(false);
    expect(refersTo(undefined, clientA, "client_id")).toBe(false);
  });

  it("keys a literal and a reference of the same text apart", () => {
    expect(keyOf({ literal: "auth0_client.A.client_id" })).not.toBe(keyOf({ reference: "auth0_client.A.client_id" }));
    expect(keyOf({ literal: "a" })).toBe(keyOf({ literal: "a" }));
  });

  it("cannot read a list that holds a variable item by item", () => {
    expect(readList("${var.approved}")).toBeUndefined();
    expect(readList('${join(",", [var.approved, "b"])}')).toBeUndefined();
    expect(readList('${join(",", [" a ", auth0_client.A.client_id])}')).toEqual([{ literal: "a" }, { reference: "auth0_client.A.client_id" }]);
    expect(readList("a")).toEqual([{ literal: "a" }]);
    expect(readList("${var.x}-a")).toBeUndefined();
  });
});
