import type { z } from "zod";
import { scopesForScripts } from "../../contract/facade-contract";
import type { stageSchema } from "./stage-schema";

/** A validated stage file, with defaults applied and pins normalized. */
export type StageSettings = z.output<typeof stageSchema>;

export interface StageConfig extends StageSettings {
  /** The stage name: the file name without `.json` (`config/prod.json` -> `prod`). */
  readonly stage: string;
  /** The file it came from, relative to the project root. */
  readonly sourceFile: string;
}

/** The facade scopes the enabled scripts call: the only scopes anything is granted. */
export function facadeScopes(config: StageConfig): string[] {
  return scopesForScripts(config.connection.scripts);
}

/** The Terraform variable holding the private key the scripts sign client assertions with (private_key_jwt). */
export const SIGNING_KEY_VARIABLE = "facade_client_signing_key";

/** The tenant's token endpoint, which the scripts call for client-credentials tokens. */
export function tokenUrl(config: StageConfig): string {
  return `https://${config.tenant.domain}/oauth/token`;
}

/** The facade pins (canonical form); empty for a CA-issued certificate. */
export function facadePins(config: StageConfig): readonly string[] {
  return config.facade.certificate.type === "self-signed" ? config.facade.certificate.sha256Pins : [];
}
