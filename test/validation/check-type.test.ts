import { describe, expect, it } from "vitest";
import { checkBody } from "../../lib/validation/check-block";
import { checkType } from "../../lib/validation/check-type";
import type { CtyType, SchemaBlock } from "../../lib/validation/provider-schema";

const fits = (value: unknown, type: CtyType) => checkType(value, type, "x").length === 0;

describe("cty type checks", () => {
  it.each<[unknown, CtyType, boolean]>([
    ["text", "string", true],
    [5, "string", true],
    [true, "string", true],
    [{}, "string", false],
    [5, "number", true],
    ["5.5", "number", true],
    ["five", "number", false],
    [true, "bool", true],
    ["false", "bool", true],
    ["yes", "bool", false],
    [0, "bool", false],
    [["a", "b"], ["list", "string"], true],
    [["a", {}], ["set", "string"], false],
    [{ a: "1" }, ["map", "string"], true],
    [["a"], ["map", "string"], false],
    [{ name: "n", value: "v" }, ["object", { name: "string", value: "string" }], true],
    [{ name: "n" }, ["object", { name: "string", value: "string" }], false],
    [{ name: "n" }, ["object", { name: "string", value: "string" }, ["value"]], true],
    [{ name: "n", value: "v", extra: 1 }, ["object", { name: "string", value: "string" }], false],
    [["a", 1], ["tuple", ["string", "number"]], true],
    [["a"], ["tuple", ["string", "number"]], false],
    [{ anything: [1] }, "dynamic", true],
    [null, "number", true],
  ])("%j against %j fits: %s", (value, type, expected) => {
    expect(fits(value, type)).toBe(expected);
  });

  it("accepts a Terraform expression for any type, but not an escaped one", () => {
    for (const type of ["number", "bool", ["list", "string"], ["map", "number"], ["object", { a: "string" }]] as CtyType[]) {
      expect(fits("${var.value}", type)).toBe(true);
      expect(fits("%{ if true }1%{ endif }", type)).toBe(true);
    }
    expect(fits("$${not an expression}", "number")).toBe(false);
  });

  it("names the element that does not fit", () => {
    expect(
      checkType(
        [
          { name: "a", value: 1 },
          { name: "b", value: {} },
        ],
        ["list", ["object", { name: "string", value: "string" }]],
        "secrets",
      ),
    ).toEqual([{ field: "secrets[1].value", message: "expected string, found an object" }]);
  });
});

describe("block checks", () => {
  const block: SchemaBlock = {
    attributes: { name: { type: "string", required: true } },
    block_types: {
      one: { nesting_mode: "single", block: { attributes: { on: { type: "bool", optional: true } } } },
      labelled: { nesting_mode: "map", block: { attributes: { size: { type: "number", required: true } } } },
      pair: { nesting_mode: "set", min_items: 1, max_items: 2, block: { attributes: { id: { type: "string", required: true } } } },
    },
  };

  it("takes one object or a list of objects for a nested block, and a map of bodies for map nesting", () => {
    expect(checkBody({ name: "n", one: { on: true }, labelled: { a: { size: 1 } }, pair: { id: "x" } }, block)).toEqual([]);
    expect(checkBody({ name: "n", pair: [{ id: "x" }, { id: "y" }] }, block)).toEqual([]);
  });

  it("reports too many blocks, a missing block, an expression where a block must be, and bad bodies", () => {
    expect(checkBody({ name: "n", one: [{}, {}], pair: [{ id: "a" }, { id: "b" }, { id: "c" }] }, block)).toEqual([
      { field: "one", message: "at most 1 block allowed (single nesting), found 2" },
      { field: "pair", message: "at most 2 blocks allowed (set nesting), found 3" },
    ]);
    expect(checkBody({ name: "n" }, block)).toEqual([{ field: "pair", message: "required block is missing (at least 1)" }]);
    expect(checkBody({ name: "n", pair: "${var.pairs}" }, block)).toEqual([
      { field: "pair", message: "expected a nested block, found an expression (use a dynamic block instead)" },
    ]);
    expect(checkBody({ name: "n", pair: [{}], labelled: { a: {} } }, block)).toEqual([
      { field: "pair[0].id", message: "required attribute is missing" },
      { field: "labelled.a.size", message: "required attribute is missing" },
    ]);
  });
});
