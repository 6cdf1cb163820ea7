import type { SynthesizedStack } from "../../synthesized/synthesized-stack";
import { codeUnits, type CodeUnit } from "../facts/code-units";
import { resourceRef, type Violation } from "../finding";
import { lineAt, scanJavaScript, type JavaScriptText } from "./javascript-text";

export interface ScannedCode extends CodeUnit {
  readonly code: string;
  readonly text: JavaScriptText;
}

// Several rules read the same code: scan each stack's code once.
const scanned = new WeakMap<SynthesizedStack, ScannedCode[]>();

/** The readable code units of a stack, scanned. Unreadable ones are code-size-limit's finding. */
export function scannedCode(stack: SynthesizedStack): ScannedCode[] {
  let units = scanned.get(stack);
  if (units === undefined) {
    units = codeUnits(stack).flatMap((unit) => (unit.code === undefined ? [] : [{ ...unit, code: unit.code, text: scanJavaScript(unit.code) }]));
    scanned.set(stack, units);
  }
  return units;
}

/** A violation at a place in a code unit: `login script, line 12: ...`. */
export function codeViolation(unit: ScannedCode, index: number, what: string): Violation {
  return { resource: resourceRef(unit.resource), message: `${unit.label}, line ${lineAt(unit.code, index)}: ${what}` };
}

/** One violation per match of each pattern in one view of each unit. */
export function patternViolations(
  stack: SynthesizedStack,
  patterns: readonly { pattern: RegExp; view: keyof Omit<JavaScriptText, "strings">; what: (match: RegExpMatchArray) => string }[],
): Violation[] {
  return scannedCode(stack).flatMap((unit) =>
    patterns.flatMap(({ pattern, view, what }) =>
      [...unit.text[view].matchAll(new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`))].map((match) =>
        codeViolation(unit, match.index ?? 0, what(match)),
      ),
    ),
  );
}
