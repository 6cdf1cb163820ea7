import { SCRIPT_NAMES, type ScriptName } from "../../contract/facade-contract";
import type { Bundle } from "./bundle";
import { ACTIONS, bundleAction, type ActionName } from "./bundle-action";
import { bundleScript } from "./bundle-script";

export interface RuntimeBundles {
  readonly scripts: Readonly<Partial<Record<ScriptName, Bundle>>>;
  readonly actions: Readonly<Record<ActionName, Bundle>>;
}

/**
 * Bundles, once, every script some stage enables and every Action. Stages share these
 * bytes: nothing stage-specific is ever bundled.
 */
export function bundleRuntimeCode(scripts: Iterable<ScriptName>, sourceRoot?: string): RuntimeBundles {
  const wanted = new Set(scripts);
  return {
    scripts: Object.fromEntries(SCRIPT_NAMES.filter((name) => wanted.has(name)).map((name) => [name, bundleScript(name, sourceRoot)])),
    actions: Object.fromEntries((Object.keys(ACTIONS) as ActionName[]).map((name) => [name, bundleAction(name, sourceRoot)])) as Record<ActionName, Bundle>,
  };
}
