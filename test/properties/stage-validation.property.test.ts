import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../lib/input-error";
import { loadStages } from "../../lib/config/load-stages";
import { configFolder, exampleStage } from "../support/stage-files";

/** Replaces the value at a random path of the example stage file with an arbitrary JSON value. */
function mutate(document: Record<string, any>, path: number[], value: unknown): Record<string, any> {
  const copy = structuredClone(document);
  let node: any = copy;
  for (let depth = 0; depth < path.length; depth++) {
    const keys = Object.keys(node ?? {});
    if (typeof node !== "object" || node === null || keys.length === 0) break;
    const key = keys[path[depth] % keys.length];
    if (depth === path.length - 1 || typeof node[key] !== "object" || node[key] === null) {
      node[key] = value;
      return copy;
    }
    node = node[key];
  }
  return copy;
}

describe("property: stage-file validation", () => {
  it("never throws anything but the project's InputError, whatever a stage file holds", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(20), { minLength: 1, maxLength: 4 }), fc.jsonValue(), (path, value) => {
        const dir = configFolder({ "dev.json": mutate(exampleStage(), path, value) });
        try {
          loadStages(dir);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          for (const problem of (error as InputError).problems) {
            expect(problem.file).toMatch(/dev\.json$/);
            expect(problem.expected).toMatch(/^(missing \()?expected |^unknown field/);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("never throws anything but InputError for arbitrary file contents", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((value) => JSON.stringify(value)),
        ),
        (text) => {
          expect(() => loadStages(configFolder({ "dev.json": text }))).toThrow(InputError);
        },
      ),
      { numRuns: 200 },
    );
  });
});
