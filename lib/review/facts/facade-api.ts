import type { SynthesizedResource } from "../../synthesized/synthesized-stack";
import type { ReviewInput } from "../review-input";
import { attributeOf, readValue } from "./references";

/** The resource servers that declare the stage's facade audience. */
export function facadeApis(input: ReviewInput): SynthesizedResource[] {
  return input.stack.ofType("auth0_resource_server").filter((api) => api.values.identifier === input.config.facade.audience);
}

/**
 * Whether an audience value names the facade: by reference to a facade API's
 * identifier, or as the literal audience. `undefined` when the value cannot be read.
 */
export function isFacadeAudience(input: ReviewInput, value: unknown): boolean | undefined {
  const read = readValue(value);
  if (read === undefined) return undefined;
  if ("literal" in read) return read.literal === input.config.facade.audience;
  return facadeApis(input).some((api) => read.reference === attributeOf(api, "identifier"));
}

/** Client grants for the facade audience. */
export function facadeGrants(input: ReviewInput): SynthesizedResource[] {
  return input.stack.ofType("auth0_client_grant").filter((grant) => isFacadeAudience(input, grant.values.audience) === true);
}
