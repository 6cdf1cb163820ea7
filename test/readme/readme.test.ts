import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../lib/paths";
import { SAMPLES, markedSamples, readmeWithSamples } from "./readme-samples";

describe("the README's sample outputs", () => {
  const readme = readFileSync(join(PROJECT_ROOT, "README.md"), "utf8");

  it("marks every sample the code produces", () => {
    expect(markedSamples(readme).sort()).toEqual(Object.keys(SAMPLES).sort());
  });

  it("are what the commands print today (run npm run readme after changing them)", () => {
    expect(readmeWithSamples(readme)).toBe(readme);
  }, 120_000);
});
