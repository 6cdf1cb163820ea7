import { Script, createContext } from "node:vm";
import type { ScriptName } from "../../facade/contract";
import { BundleError, makeBundle, type Bundle } from "./bundle";
import { buildRuntimeCode } from "./build-runtime-code";
import { AUTH0_CODE_LIMIT_BYTES } from "./limits";
import { SCRIPT_SIGNATURES } from "./script-signatures";

const MODULE_VARIABLE = "__scriptModule";

/**
 * Bundles `scripts/<name>.ts` into what Auth0 runs for a custom database script: the text
 * of ONE function declaration (`function login(email, password, callback) { ... }`) with
 * every helper inside it, since Auth0 ignores code outside the function. The source
 * default-exports the implementation; the declared function calls it. `root` is the
 * project root holding `scripts/` (another one only in tests).
 */
export function bundleScript(name: ScriptName, root?: string): Bundle {
  const sourceFile = `scripts/${name}.ts`;
  const { functionName, parameters } = SCRIPT_SIGNATURES[name];
  const parameterList = parameters.join(", ");
  const declare = (moduleCode: string) =>
    `function ${functionName}(${parameterList}) {\n` +
    moduleCode +
    `return ${MODULE_VARIABLE}.default(${parameterList});\n` +
    `}\n`;
  const moduleCode = buildRuntimeCode(sourceFile, { format: "iife", globalName: MODULE_VARIABLE }, root, (built) =>
    checkScriptShape(sourceFile, declare(built), built, parameters.length),
  );
  const code = declare(moduleCode);
  checkSize(sourceFile, code);
  return makeBundle(name, sourceFile, code);
}

/** The text must be one function declaration whose module has a default export of the right arity. */
function checkScriptShape(sourceFile: string, code: string, moduleCode: string, arity: number): void {
  try {
    new Script(`(${code})`, { filename: sourceFile });
  } catch (error) {
    throw new BundleError(sourceFile, `the bundle is not a single function declaration: ${String(error)}`);
  }
  const context = createContext({ require });
  new Script(moduleCode, { filename: sourceFile }).runInContext(context);
  const implementation = (context[MODULE_VARIABLE] as { default?: unknown } | undefined)?.default;
  if (typeof implementation !== "function" || implementation.length !== arity) {
    throw new BundleError(sourceFile, `must default-export a function of ${arity} parameters`);
  }
}

export function checkSize(sourceFile: string, code: string): void {
  const bytes = Buffer.byteLength(code, "utf8");
  if (bytes > AUTH0_CODE_LIMIT_BYTES) {
    throw new BundleError(sourceFile, `the bundle is ${bytes} bytes, over Auth0's limit of ${AUTH0_CODE_LIMIT_BYTES} bytes`);
  }
}
