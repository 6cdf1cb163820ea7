import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../lib/paths";
import { SAMPLES, documentsWithSamples, markedSamples, readmeWithSamples } from "./readme-samples";

const read = (document: string) => readFileSync(join(PROJECT_ROOT, document), "utf8");

describe("the sample outputs of the README and docs/", () => {
  it("marks every sample the code produces, once", () => {
    expect(
      documentsWithSamples()
        .flatMap((document) => markedSamples(read(document)))
        .sort(),
    ).toEqual(Object.keys(SAMPLES).sort());
  });

  it("are what the commands print today (run npm run readme after changing them)", () => {
    for (const document of documentsWithSamples()) expect(readmeWithSamples(read(document)), document).toBe(read(document));
  }, 120_000);
});
