import { describe, expect, it } from "vitest";
import { readList, readValue } from "../../lib/facts/references";

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
