import type { z } from "zod";
import { nearestName, shownValue } from "../messages";
import { InputError, type InputProblem, problemCount } from "../input-error";
import { knownFieldsAt } from "./stage-json-schema";

/** Every problem of every stage file, raised before anything is written. */
export function stageConfigError(problems: readonly InputProblem[]): InputError {
  return new InputError(problems, `invalid stage configuration (${problemCount(problems)})`);
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((key, index) => (typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${String(key)}`)).join("");
}

/** Each unknown field with the known one it most likely means, or the fields allowed there. */
function unknownFields(keys: readonly string[], path: readonly PropertyKey[]): string {
  const known = knownFieldsAt(path);
  const guesses = keys.map((key) => nearestName(key, known));
  const named = keys.map((key, index) => `"${key}"${guesses[index] === undefined ? "" : ` (did you mean "${guesses[index]}"?)`}`);
  const allowed = guesses.every((guess) => guess !== undefined) || known.length === 0 ? "" : `; the fields here are ${known.join(", ")}`;
  return `unknown field${keys.length === 1 ? "" : "s"} ${named.join(", ")}${allowed}`;
}

/** zod's own wording, rephrased as "expected ..." for the user. */
function expectation(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `expected ${issue.expected}`;
    case "invalid_value":
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}`;
    case "unrecognized_keys":
      return unknownFields(issue.keys, issue.path);
    case "invalid_union":
      return "expected one of the documented shapes (see config/stage.schema.json)";
    default:
      return issue.message.replace(/^(Invalid input|Invalid option|Too small|Too big): /, "");
  }
}

export function problemsFromZod(file: string, error: z.ZodError): InputProblem[] {
  return error.issues.map((issue) => ({
    file,
    field: fieldPath(issue.path),
    expected:
      issue.input === undefined && (issue.code === "invalid_type" || issue.code === "invalid_value") ? `missing (${expectation(issue)})` : expectation(issue),
    found: issue.code === "unrecognized_keys" || issue.input === undefined ? undefined : shownValue(issue.input),
  }));
}
