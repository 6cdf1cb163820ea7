import { scopesForScripts } from "../../../contract/facade-contract";
import { facadeApis, isFacadeAudience } from "../../facts/facade-api";
import { tenantResources } from "../../facts/resources";
import { asArray, asRecord, valueAt } from "../../facts/values";
import type { SynthesizedResource } from "../../synthesized/synthesized-stack";
import { asBoolean, asNumber, asString, describeValue, terraformValue } from "../../synthesized/terraform-values";
import { resourceRef, type Violation } from "../finding";
import type { ReviewInput } from "../review-input";
import type { Rule } from "../rule";

/** What the facade API must say, attribute by attribute, given the stage file. */
function settingProblems(input: ReviewInput, api: SynthesizedResource): string[] {
  const lifetime = input.config.accessToken.lifetimeSeconds;
  const problems: string[] = [];
  for (const attribute of ["token_lifetime", "token_lifetime_for_web"]) {
    const value = valueAt(api.values, attribute);
    if (asNumber(value) !== lifetime) {
      problems.push(
        `${attribute} is ${describeValue(value)}; ${input.config.sourceFile} sets ${lifetime} s (accessToken.lifetimeSeconds): a leaked facade token opens the legacy store until it expires`,
      );
    }
  }
  const offline = valueAt(api.values, "allow_offline_access");
  if (asBoolean(offline) !== false)
    problems.push(`allow_offline_access is ${describeValue(offline)}; it must be false: a refresh token keeps facade access alive indefinitely`);
  const algorithm = valueAt(api.values, "signing_alg");
  if (asString(algorithm) !== "RS256")
    problems.push(`signing_alg is ${describeValue(algorithm)}; it must be RS256, which the facade verifies against the tenant's public keys`);
  return problems;
}

/** The scope resources that name the facade API (by reference or by its audience). */
function scopeResources(input: ReviewInput, type: string): SynthesizedResource[] {
  return tenantResources(input.stack, type).filter((resource) => isFacadeAudience(input, resource.values.resource_server_identifier) !== false);
}

function scopeProblems(input: ReviewInput): Violation[] {
  const expected = scopesForScripts(input.config.connection.scripts);
  const lists = scopeResources(input, "auth0_resource_server_scopes");
  const singles = scopeResources(input, "auth0_resource_server_scope");
  const violations: Violation[] = singles.map((resource) => ({
    resource: resourceRef(resource),
    message: `an auth0_resource_server_scope adds ${describeValue(valueAt(resource.values, "scope"))} to the facade API, beyond the scopes the scripts use`,
  }));
  if (lists.length !== 1) {
    violations.push({
      resource: lists[1] !== undefined ? resourceRef(lists[1]) : resourceRef(facadeApis(input)[0]),
      message: `${lists.length} auth0_resource_server_scopes resources name the facade API; exactly one must, with the scripts' scopes (${expected.join(", ")})`,
    });
  }
  for (const resource of lists) {
    const names = (asArray(resource.values.scopes) ?? []).map((entry) => asString(terraformValue(asRecord(entry)?.name)));
    const readable = names.every((name) => name !== undefined) && (asArray(resource.values.scopes) ?? []).length > 0;
    if (isFacadeAudience(input, resource.values.resource_server_identifier) === undefined || !readable) {
      violations.push({
        resource: resourceRef(resource),
        message: "the facade API's scopes are unreadable: the review cannot tell which operations a grant may hold",
      });
    } else if ([...names].sort().join() !== expected.join()) {
      violations.push({
        resource: resourceRef(resource),
        message: `the facade API defines ${names.join(", ")}; it must define exactly the scripts' scopes (${expected.join(", ")})`,
      });
    }
  }
  return violations;
}

export const apiAsDeclared: Rule = {
  id: "api-as-declared",
  checks:
    "Exactly one facade API, with the token lifetime the stage file sets, no refresh tokens and RS256; exactly the scopes the enabled scripts call, defined by one auth0_resource_server_scopes and nothing else.",
  threat:
    "A longer lifetime or refresh tokens keep a leaked facade token working for hours or for good; an extra scope (users:delete, users:create) " +
    "becomes grantable to any client; a second API with the facade's audience is a second set of policies the guard knows nothing about.",
  fix: "Declare the facade only with `ProtectedApi` from the stage file (`accessToken.lifetimeSeconds`, `connection.scripts`); remove any other resource server, scope resource or override of these attributes.",
  check: (input) => {
    const apis = facadeApis(input);
    const duplicates: Violation[] =
      apis.length > 1
        ? apis.slice(1).map((api) => ({
            resource: resourceRef(api),
            message: `a second resource server declares the facade audience ${JSON.stringify(input.config.facade.audience)}`,
          }))
        : [];
    const settings = apis.flatMap((api) => settingProblems(input, api).map((message) => ({ resource: resourceRef(api), message })));
    return [...duplicates, ...settings, ...(apis.length === 0 ? [] : scopeProblems(input))];
  },
};
