import { describe, expect, it } from "vitest";
import { lineOfResource, lineOfSuppression } from "../../lib/review/source-lines";

describe("source lines", () => {
  const stageFile = ["{", '  "note": { "rule": "not a suppression" },', '  "suppressions": [', '    { "rule": "a" },', '    { "rule": "b" }', "  ]", "}"].join(
    "\n",
  );

  it("find the n-th suppression's rule key after the suppressions key, or nothing", () => {
    expect(lineOfSuppression(stageFile, 0)).toBe(4);
    expect(lineOfSuppression(stageFile, 1)).toBe(5);
    expect(lineOfSuppression(stageFile, 2)).toBeUndefined();
    expect(lineOfSuppression('{ "rule": "x" }', 0)).toBeUndefined();
    expect(lineOfSuppression(undefined, 0)).toBeUndefined();
  });

  it("find a resource by the construct path cdktf records", () => {
    const stack = '{\n  "//": {\n    "metadata": {\n      "path": "dev/A"\n    }\n  }\n}';
    expect(lineOfResource(stack, "dev/A")).toBe(4);
    expect(lineOfResource(stack, "dev/B")).toBeUndefined();
    expect(lineOfResource(undefined, "dev/A")).toBeUndefined();
  });
});
