import { describe, expect, it } from "vitest";
import { asRecord, block, dig, show, stringList, valueAt } from "../../lib/facts/values";

describe("reading synthesized values", () => {
  it("takes a nested block written as an object or as a one-element list, and nothing else", () => {
    expect(block({ a: 1 })).toEqual({ a: 1 });
    expect(block([{ a: 1 }])).toEqual({ a: 1 });
    expect(block([{ a: 1 }, { a: 2 }])).toBeUndefined();
    expect(block([])).toBeUndefined();
    expect(dig({ options: [{ configuration: { KEY: "v" } }] }, "options", "configuration", "KEY")).toBe("v");
    expect(dig({ options: "x" }, "options", "configuration")).toBeUndefined();
  });

  it("shows a value short: undeclared by name, up to 80 characters whole, longer ones with both ends", () => {
    expect(show(undefined)).toBe("not declared");
    expect(show("a".repeat(78))).toBe(`"${"a".repeat(78)}"`);
    expect(show("a".repeat(79))).toBe(`"${"a".repeat(38)}...${"a".repeat(37)}"`);
  });

  it("reads a list of strings only when every entry is one", () => {
    expect(stringList(["a", "b"])).toEqual(["a", "b"]);
    expect(stringList(["a", 1])).toBeUndefined();
    expect(stringList([1])).toBeUndefined();
    expect(stringList("a")).toBeUndefined();
  });
});

describe("asRecord", () => {
  it("takes only plain objects for records: not arrays, not null", () => {
    expect(asRecord({ a: 1 })).toEqual({ a: 1 });
    expect(asRecord([1])).toBeUndefined();
    expect(asRecord(null)).toBeUndefined();
    expect(asRecord("a")).toBeUndefined();
  });
});

describe("valueAt", () => {
  it("reads a nested value as Terraform reads it, through blocks written as objects, lists or expressions", () => {
    expect(valueAt({ options: [{ brute_force_protection: "true" }] }, "options", "brute_force_protection")).toEqual({ kind: "known", value: "true" });
    expect(valueAt({ options: '${jsondecode("{\\"mfa\\": {\\"active\\": false}}")}' }, "options", "mfa", "active")).toEqual({
      kind: "known",
      value: false,
    });
    expect(valueAt({ name: '${"a"}' })).toEqual({ kind: "known", value: { name: "a" } });
    expect(valueAt({ name: '${"a"}' }, "name")).toEqual({ kind: "known", value: "a" });
  });

  it("is undefined only when a step is not declared", () => {
    expect(valueAt({ options: {} }, "options", "mfa", "active")).toBeUndefined();
    expect(valueAt({}, "options")).toBeUndefined();
  });

  it("reads what lies below a computed or non-block step as unknown, never as not declared", () => {
    expect(valueAt({ options: "${var.options}" }, "options", "mfa")).toEqual({ kind: "reference", reference: "var.options" });
    expect(valueAt({ options: '${file("o.json")}' }, "options", "mfa")).toEqual({
      kind: "unknown",
      expression: '${file("o.json")}',
      reason: "the function file, which this review does not evaluate",
    });
    expect(valueAt({ options: 5 }, "options", "mfa")).toEqual({ kind: "unknown", expression: "5", reason: "not a block, so its mfa cannot be read" });
    expect(valueAt({ options: [{}, {}] }, "options", "mfa")).toEqual({
      kind: "unknown",
      expression: "[{},{}]",
      reason: "not a block, so its mfa cannot be read",
    });
    expect(valueAt(undefined, "options")).toEqual({ kind: "unknown", expression: "undefined", reason: "not a block, so its options cannot be read" });
  });
});
