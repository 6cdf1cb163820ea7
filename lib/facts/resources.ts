import type { SynthesizedResource, SynthesizedStack } from "../synthesized/synthesized-stack";
import { asNumber, terraformValue } from "../synthesized/terraform-values";
import { asRecord } from "./values";

/**
 * How many instances Terraform makes of a resource: 1 without `count` or `for_each`; the
 * count or the number of keys when Terraform knows it before apply; `undefined` when it
 * is computed. A resource with none does not exist, whatever its attributes say.
 */
export function instancesOf(resource: SynthesizedResource): number | undefined {
  const { count, for_each: forEach } = resource.meta;
  if (count === undefined && forEach === undefined) return 1;
  if (count !== undefined) return asNumber(terraformValue(count));
  const keys = terraformValue(forEach);
  if (keys.kind !== "known") return undefined;
  if (Array.isArray(keys.value)) return new Set(keys.value).size;
  return Object.keys(asRecord(keys.value) ?? {}).length;
}

/** The resources of a type that may exist: every one but those Terraform makes zero of. */
export function liveResources(stack: SynthesizedStack, type: string): SynthesizedResource[] {
  return stack.ofType(type).filter((resource) => instancesOf(resource) !== 0);
}

/**
 * The provider configuration a resource uses: `auth0` (the stack's own, pinned to the
 * stage's tenant) unless `provider` names an alias (`auth0.other`, another tenant), or
 * an expression the review cannot follow.
 */
export function providerOf(resource: SynthesizedResource): string {
  const provider = resource.meta.provider;
  if (provider === undefined) return resource.type.split("_")[0];
  return typeof provider === "string" ? provider.replace(/^\$\{(.*)\}$/, "$1") : JSON.stringify(provider);
}

/** A resource on the stack's default provider, the one pinned to the stage's tenant. */
function onDefaultProvider(resource: SynthesizedResource): boolean {
  return providerOf(resource) === resource.type.split("_")[0];
}

/** The resources of a type that exist in the stage's tenant: live, on the default provider. */
export function tenantResources(stack: SynthesizedStack, type: string): SynthesizedResource[] {
  return liveResources(stack, type).filter(onDefaultProvider);
}
