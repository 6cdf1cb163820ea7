import { createPublicKey } from "node:crypto";
import type { z } from "zod";
import { MIN_RSA_BITS } from "../limits";
import { scopesForScripts } from "../../contract/facade-contract";
import type { stageSchema } from "./stage-schema";

/** A validated stage file, with defaults applied and pins normalized. */
type StageSettings = z.output<typeof stageSchema>;

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

/** Why a text is not an RSA public key in PEM that private_key_jwt accepts, or undefined. */
export function rsaPublicKeyFault(pem: string): string | undefined {
  try {
    const key = createPublicKey(pem);
    return key.asymmetricKeyType === "rsa" && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= MIN_RSA_BITS
      ? undefined
      : `not an RSA key of at least ${MIN_RSA_BITS} bits (RS256)`;
  } catch {
    return "not a PEM public key (-----BEGIN PUBLIC KEY-----)";
  }
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
