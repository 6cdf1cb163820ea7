import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadStages } from "../../lib/config/load-stages";
import { ReviewInputError, loadReviewInput, stackFileOf } from "../../lib/review/review-input";

const [dev] = loadStages(undefined, ["dev"]);

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
    loadReviewInput(outdir, dev);
  } catch (error) {
    expect(error).toBeInstanceOf(ReviewInputError);
    return (error as ReviewInputError).message.replaceAll(outdir, "<outdir>");
  }
  throw new Error("expected the stack to be refused");
}

describe("reading a synthesized stack for review", () => {
  it("names the file when the stack is missing", () => {
    expect(problemOf(outdirWith())).toBe(
      "cannot review (1 problem):\n  <outdir>/stacks/dev/cdk.tf.json: expected the synthesized stack of config/dev.json (ENOENT; run npm run synth)",
    );
  });

  it("names the file when it is not JSON", () => {
    expect(problemOf(outdirWith("{ nope"))).toMatch(/^cannot review \(1 problem\):\n  <outdir>\/stacks\/dev\/cdk\.tf\.json: expected valid JSON \(/);
  });

  it("names the file and the field when the document has the wrong shape", () => {
    const text = JSON.stringify({ resource: { auth0_client: { A: "not an object" }, auth0_action: [] } });
    expect(problemOf(outdirWith(text))).toBe(
      "cannot review (2 problems):\n" +
        "  <outdir>/stacks/dev/cdk.tf.json: resource.auth0_client.A: expected an object of attributes\n" +
        "  <outdir>/stacks/dev/cdk.tf.json: resource.auth0_action: expected an object of named resources",
    );
  });

  it("names the file when the document is not an object, or a section is not one", () => {
    expect(problemOf(outdirWith("[]"))).toBe("cannot review (1 problem):\n  <outdir>/stacks/dev/cdk.tf.json: expected a JSON object (a synthesized stack)");
    expect(problemOf(outdirWith(JSON.stringify({ resource: 5, data: {} })))).toBe(
      "cannot review (1 problem):\n  <outdir>/stacks/dev/cdk.tf.json: resource: expected an object of resource types",
    );
  });

  it("raises ReviewInputError by name", () => {
    expect(() => loadReviewInput(outdirWith("[]"), dev)).toThrow(expect.objectContaining({ name: "ReviewInputError" }));
  });

  it("reads a stack even when its stage file has gone, losing only the suppression lines", () => {
    const input = loadReviewInput(outdirWith(JSON.stringify({ resource: {} })), { ...dev, sourceFile: "config/gone.json" });
    expect(input.texts).toEqual({ stack: JSON.stringify({ resource: {} }), stageFile: undefined });
  });
});
