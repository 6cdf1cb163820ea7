import { Script } from "node:vm";
import type { ScriptName } from "../../contract/facade-contract";
import { bundleError, makeBundle, type Bundle } from "./bundle";
import { buildRuntimeCode } from "./build-runtime-code";
import { AUTH0_CODE_LIMIT_BYTES } from "../limits";
import { SCRIPT_SIGNATURES } from "./script-signatures";

/**
 * Bundles `scripts/<name>.ts` into what Auth0 runs for a custom database script: the text
 * of ONE function declaration (`function login(email, password, callback) { ... }`) with
 * every helper inside it, since Auth0 ignores code outside the function. The bundle is
 * the source's module code as plain statements, ending in a call of its default export
 * with the declared function's parameters: no module wrapper, no export helpers, and
 * built-ins loaded with `require("https")` itself, so the text reads as it runs. `root`
 * is the project root holding `scripts/` (another one only in tests).
 */
export function bundleScript(name: ScriptName, root?: string): Bundle {
  const sourceFile = `scripts/${name}.ts`;
  const { functionName, parameters } = SCRIPT_SIGNATURES[name];
  const parameterList = parameters.join(", ");
  // Free names in the entry (the parameters) stay free in the bundle: esbuild never renames to them.
  const entry = `import implementation from "./${sourceFile}";\nimplementation(${parameterList});\n`;
  // Module code is strict; the function body keeps it so.
  const declare = (moduleCode: string) => `function ${functionName}(${parameterList}) {\n"use strict";\n${moduleCode}}\n`;
  const moduleCode = buildRuntimeCode({ sourceFile, format: "cjs", entry }, root, (built) => checkScriptShape(sourceFile, declare(built)));
  const code = declare(moduleCode);
  checkSize(sourceFile, code);
  return makeBundle(name, sourceFile, code);
}

/** The text must be one function declaration, with nothing outside it. */
function checkScriptShape(sourceFile: string, code: string): void {
  try {
    new Script(`(${code})`, { filename: sourceFile });
  } catch (error) {
    throw bundleError(sourceFile, `the bundle is not a single function declaration: ${String(error)}`);
  }
}

export function checkSize(sourceFile: string, code: string): void {
  const bytes = Buffer.byteLength(code, "utf8");
  if (bytes > AUTH0_CODE_LIMIT_BYTES) {
    throw bundleError(sourceFile, `the bundle is ${bytes} bytes, over Auth0's limit of ${AUTH0_CODE_LIMIT_BYTES} bytes`);
  }
}
