import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { formatProblem, type ConfigProblem } from "../config/config-error";
import type { StageConfig } from "../config/stage-config";
import { PROJECT_ROOT, displayPath } from "../paths";
import { SynthesizedStack, type StackDocument } from "../synthesized/synthesized-stack";
import { asRecord } from "./values";

/** What a rule reads: what the stage will apply, and what its stage file declares it wants. */
export interface ReviewInput {
  readonly config: StageConfig;
  readonly stack: SynthesizedStack;
  /** The synthesized file, as reports name it (`cdktf.out/stacks/dev/cdk.tf.json`). */
  readonly stackFile: string;
  /** The texts findings point into, to give them a line; absent for stacks built in memory. */
  readonly texts?: { readonly stack?: string; readonly stageFile?: string };
}

/** Input the review cannot read. Each problem names the file and field. */
export class ReviewInputError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      `cannot review (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((problem) => `  ${formatProblem(problem)}`).join("\n"),
    );
    this.name = "ReviewInputError";
  }
}

export function stackFileOf(outdir: string, stage: string): string {
  return join(outdir, "stacks", stage, "cdk.tf.json");
}

/** Checks the little the review relies on: blocks of named bodies, each an object. */
function shapeProblems(file: string, document: unknown): ConfigProblem[] {
  const root = asRecord(document);
  if (root === undefined) return [{ file, field: "", expected: "expected a JSON object (a synthesized stack)" }];
  const problems: ConfigProblem[] = [];
  for (const section of ["resource", "data"] as const) {
    if (root[section] === undefined) continue;
    const types = asRecord(root[section]);
    if (types === undefined) {
      problems.push({ file, field: section, expected: "expected an object of resource types" });
      continue;
    }
    for (const [type, byName] of Object.entries(types)) {
      const names = asRecord(byName);
      if (names === undefined) problems.push({ file, field: `${section}.${type}`, expected: "expected an object of named resources" });
      else {
        for (const [name, body] of Object.entries(names)) {
          if (asRecord(body) === undefined) problems.push({ file, field: `${section}.${type}.${name}`, expected: "expected an object of attributes" });
        }
      }
    }
  }
  return problems;
}

/** The stage file's text, to point suppression findings at their line; a vanished file just loses the line. */
function readStageFile(config: StageConfig): string | undefined {
  try {
    return readFileSync(resolve(PROJECT_ROOT, config.sourceFile), "utf8");
  } catch {
    return undefined;
  }
}

/**
 * Reads `<outdir>/stacks/<stage>/cdk.tf.json` for a stage. `shownAs` is the output
 * folder reports name (the final `cdktf.out` when reading from a staging folder).
 */
export function loadReviewInput(outdir: string, config: StageConfig, shownAs: string = outdir): ReviewInput {
  const path = stackFileOf(outdir, config.stage);
  const stackFile = displayPath(stackFileOf(shownAs, config.stage));
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ReviewInputError([{ file: stackFile, field: "", expected: `expected the synthesized stack of ${config.sourceFile} (${code}; run npm run synth)` }]);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ReviewInputError([{ file: stackFile, field: "", expected: `expected valid JSON (${(error as Error).message})` }]);
  }
  const problems = shapeProblems(stackFile, document);
  if (problems.length > 0) throw new ReviewInputError(problems);
  return { config, stack: new SynthesizedStack(config.stage, document as StackDocument), stackFile, texts: { stack: text, stageFile: readStageFile(config) } };
}
