import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURE_STAGES } from "../support/stage-files";
import { loadStages } from "../../lib/config/load-stages";
import { InputError } from "../../lib/input-error";
import { loadReviewInput, stackFileOf } from "../../lib/review/review-input";
import { synthesizeExamples } from "../support/synthesized-examples";

const [dev] = loadStages(FIXTURE_STAGES, ["dev"]);
const examples = synthesizeExamples();

function outdirWith(text?: string): string {
  const outdir = join(mkdtempSync(join(tmpdir(), "auth0-facade-review-input-")), "cdktf.out");
  if (text !== undefined) {
    mkdirSync(dirname(stackFileOf(outdir, "dev")), { recursive: true });
    writeFileSync(stackFileOf(outdir, "dev"), text);
  }
  return outdir;
}

function problemOf(outdir: string): string {
  try {
    loadReviewInput(outdir, dev, examples.bundles);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).message.replaceAll(outdir, "<outdir>");
  }
  throw new Error("expected the stack to be refused");
}

describe("reading a synthesized stack for review", () => {
  it("names the file when the stack is missing", () => {
    expect(problemOf(outdirWith())).toBe(
      "<outdir>/stacks/dev/cdk.tf.json: expected a synthesized stack (cdk.tf.json); it cannot be read (ENOENT; run npm run synth to synthesize test/fixtures/stages/dev.json)",
    );
  });

  it("leaves a malformed stack to the one reader, which names the file", () => {
    expect(() => loadReviewInput(outdirWith("[]"), dev, examples.bundles)).toThrow(/cdk\.tf\.json: expected a synthesized stack \(cdk\.tf\.json\); /);
  });

  it("raises InputError by name", () => {
    expect(() => loadReviewInput(outdirWith(), dev, examples.bundles)).toThrow(expect.objectContaining({ name: "InputError" }));
  });

  it("reads a stack even when its stage file has gone, losing only the suppression lines", () => {
    const input = loadReviewInput(outdirWith(JSON.stringify({ resource: {} })), { ...dev, sourceFile: "config/gone.json" }, examples.bundles);
    expect(input.texts).toEqual({ stack: JSON.stringify({ resource: {} }), stageFile: undefined });
  });
});
