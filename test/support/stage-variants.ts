import { loadStages } from "../../lib/config/load-stages";
import type { StageConfig } from "../../lib/config/stage-config";
import { configFolder, exampleStage } from "./stage-files";

/**
 * The dev example switched to legacy authentication (no import mode) with every script
 * enabled, loaded through the real stage-file validation.
 */
export function legacyAuthenticationStage(): StageConfig {
  const stage = exampleStage("dev");
  stage.connection.importMode = false;
  stage.connection.scripts = ["login", "get_user", "create", "verify", "change_password", "delete"];
  return loadStages(configFolder({ "dev.json": stage }))[0];
}
