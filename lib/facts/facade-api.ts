import type { SynthesizedResource } from "../synthesized/synthesized-stack";
import { asString } from "../synthesized/terraform-values";
import { attributeOf, readValue } from "./references";
import { tenantResources } from "./resources";
import type { StageInput } from "./stage-input";
import { valueAt } from "./values";

/** The resource servers of the stage's tenant that declare the stage's facade audience. */
export function facadeApis(input: StageInput): SynthesizedResource[] {
  return tenantResources(input.stack, "auth0_resource_server").filter((api) => asString(valueAt(api.values, "identifier")) === input.config.facade.audience);
}

/**
 * Whether an audience value names the facade: by reference to a facade API's identifier,
 * or as the audience itself. `undefined` when the value cannot be read.
 */
export function isFacadeAudience(input: StageInput, raw: unknown): boolean | undefined {
  const read = readValue(raw);
  // A variable's value is only known to Terraform.
  if (read === undefined || ("reference" in read && read.reference.startsWith("var."))) return undefined;
  if ("literal" in read) return read.literal === input.config.facade.audience;
  return facadeApis(input).some((api) => read.reference === attributeOf(api, "identifier"));
}

/** Client grants of the stage's tenant for the facade audience. */
export function facadeGrants(input: StageInput): SynthesizedResource[] {
  return tenantResources(input.stack, "auth0_client_grant").filter((grant) => isFacadeAudience(input, grant.values.audience) === true);
}

/** Client grants whose audience the review cannot read: any of them may open the facade. */
export function unreadableGrants(input: StageInput): SynthesizedResource[] {
  return tenantResources(input.stack, "auth0_client_grant").filter((grant) => isFacadeAudience(input, grant.values.audience) === undefined);
}
