import { instancesOf, providerOf } from "../../facts/resources";
import { asArray, asRecord } from "../../facts/values";
import type { SynthesizedResource } from "../../synthesized/synthesized-stack";
import { asString, describeValue, terraformValue } from "../../synthesized/terraform-values";
import { resourceRef, stackRef, type Violation } from "../finding";
import type { ReviewInput } from "../review-input";
import type { Rule } from "../rule";

/** The resources the facade's security rests on: every type the stacks declare, and the ones that could open or own the same things. */
const SECURITY_TYPES = new Set([
  "auth0_resource_server",
  "auth0_resource_server_scopes",
  "auth0_resource_server_scope",
  "auth0_client",
  "auth0_client_credentials",
  "auth0_client_grant",
  "auth0_connection",
  "auth0_connection_clients",
  "auth0_connection_client",
  "auth0_action",
  "auth0_trigger_action",
  "auth0_trigger_actions",
]);

function resourceProblems(resource: SynthesizedResource): string[] {
  const problems: string[] = [];
  const { meta } = resource;
  const instances = instancesOf(resource);
  if (meta.count !== undefined || meta.for_each !== undefined) {
    const what =
      meta.count !== undefined ? `count = ${describeValue(terraformValue(meta.count))}` : `for_each = ${describeValue(terraformValue(meta.for_each))}`;
    problems.push(
      instances === 0
        ? `${what}: Terraform makes no instance of it, so it does not exist`
        : instances === 1
          ? `${what}: one instance, but the count is a lever anyone can set to 0`
          : `${what}: ${instances ?? "an unknown number of"} instances, where the stack declares one`,
    );
  }
  if (meta.provider !== undefined && providerOf(resource) !== resource.type.split("_")[0]) {
    problems.push(
      `provider = ${describeValue(terraformValue(meta.provider))}: it is applied with another provider configuration (another tenant), not the stage's`,
    );
  }
  const lifecycle = asRecord(meta.lifecycle);
  if (lifecycle?.ignore_changes !== undefined) {
    const ignored = asArray(lifecycle.ignore_changes)?.map((entry) => String(entry).replace(/^\$\{(.*)\}$/, "$1")) ?? [String(lifecycle.ignore_changes)];
    problems.push(
      `lifecycle.ignore_changes = [${ignored.join(", ")}]: Terraform would leave a drift of ${ignored.includes("all") ? "any attribute" : ignored.join(", ")} in place, so what the review read is not what the tenant holds`,
    );
  }
  return problems;
}

/** The default auth0 provider configuration must be pinned to the stage's tenant. */
function providerProblems(input: ReviewInput): string[] {
  const configs = (input.stack.document.provider as Record<string, unknown> | undefined)?.auth0;
  const list = Array.isArray(configs) ? configs : configs === undefined ? [] : [configs];
  const defaults = list.filter((config) => asRecord(config)?.alias === undefined);
  if (defaults.length !== 1)
    return [`${defaults.length} default auth0 provider configurations; exactly one, pinned to ${input.config.tenant.domain}, must exist`];
  const domain = terraformValue(asRecord(defaults[0])?.domain);
  return asString(domain) === input.config.tenant.domain
    ? []
    : [`the auth0 provider's domain is ${describeValue(domain)}; ${input.config.sourceFile} deploys to ${input.config.tenant.domain}`];
}

export const terraformMetaArguments: Rule = {
  id: "terraform-meta-arguments",
  checks:
    "The security-relevant resources are single instances (no count or for_each), on the stack's own provider (no alias), with no lifecycle.ignore_changes, and that provider is pinned to the stage's tenant.",
  threat:
    "`count = 0` deletes a guard while its attributes still read correctly; a provider alias applies it to another tenant; ignore_changes lets a " +
    "Dashboard edit (a user policy set to allow_all) stay in place while every plan looks clean. Each makes what the review reads differ from what the tenant holds.",
  fix: "Remove the meta-argument overrides; the constructs declare each resource once, on the provider pinned to `tenant.domain`.",
  check: (input) => {
    const violations: Violation[] = input.stack.resources
      .filter((resource) => SECURITY_TYPES.has(resource.type))
      .flatMap((resource) => resourceProblems(resource).map((message) => ({ resource: resourceRef(resource), message })));
    return [...violations, ...providerProblems(input).map((message) => ({ resource: stackRef(input.config.stage), message }))];
  },
};
