import { CONFIGURATION_KEYS } from "../../contract/connection-configuration";
import { ACTIONS, type ActionName } from "../bundling/bundle-action";
import { facadePins, tokenUrl } from "../config/stage-config";
import type { StageInput } from "./stage-input";

/** The trigger each of the repository's Actions is written for. */
const ACTION_TRIGGERS: Readonly<Record<ActionName, string>> = { "credentials-exchange": "credentials-exchange", "post-login-guard": "post-login" };

/**
 * What the stage file implies the connection's configuration holds, key by key: a known
 * value, or the reference it must be (to the stack's own resources, named by the reader).
 */
export function expectedConfiguration(input: StageInput): Readonly<Record<string, string>> {
  const { config } = input;
  return {
    [CONFIGURATION_KEYS.tokenUrl]: tokenUrl(config),
    [CONFIGURATION_KEYS.facadeUrl]: config.facade.url,
    [CONFIGURATION_KEYS.facadeCertSha256]: facadePins(config).join(","),
    [CONFIGURATION_KEYS.facadeTimeoutMs]: String(config.facade.timeoutMs),
  };
}

/** The bundle the repository builds for a script or for the Action of a trigger. */
export function expectedCode(
  input: StageInput,
  kind: "script" | "action",
  nameOrTrigger: string,
): { readonly sha256: string; readonly code: string; readonly sourceFile: string } | undefined {
  if (kind === "script") return input.bundles.scripts[nameOrTrigger as keyof typeof input.bundles.scripts];
  const name = (Object.keys(ACTIONS) as ActionName[]).find((action) => ACTION_TRIGGERS[action] === nameOrTrigger);
  return name === undefined ? undefined : input.bundles.actions[name];
}
