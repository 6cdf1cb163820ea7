import { Script, createContext } from "node:vm";
import { bundleError, makeBundle, type Bundle } from "./bundle";
import { buildRuntimeCode } from "./build-runtime-code";
import { checkSize } from "./bundle-script";

/** The Auth0 Actions the project ships, by folder under `actions/`. */
export const ACTIONS = {
  "credentials-exchange": { handler: "onExecuteCredentialsExchange" },
  "post-login-guard": { handler: "onExecutePostLogin" },
} as const;
export type ActionName = keyof typeof ACTIONS;

/**
 * Bundles `actions/<name>/index.ts` into CommonJS that exports the trigger's handler.
 * `root` is the project root holding `actions/` (another one only in tests).
 */
export function bundleAction(name: ActionName, root?: string): Bundle {
  const sourceFile = `actions/${name}/index.ts`;
  const code = buildRuntimeCode({ sourceFile, format: "cjs" }, root, (built) => checkHandlerExport(sourceFile, built, ACTIONS[name].handler));
  checkSize(sourceFile, code);
  return makeBundle(name, sourceFile, code);
}

/** The bundle must load as CommonJS and export the trigger's handler. */
function checkHandlerExport(sourceFile: string, code: string, handler: string): void {
  const module = { exports: {} as Record<string, unknown> };
  try {
    new Script(code, { filename: sourceFile }).runInContext(createContext({ module, exports: module.exports, require }));
  } catch (error) {
    throw bundleError(sourceFile, `the bundle does not load as CommonJS: ${String(error)}`);
  }
  if (typeof module.exports[handler] !== "function") {
    throw bundleError(sourceFile, `must export ${handler}`);
  }
}
