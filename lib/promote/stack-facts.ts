import { SynthesizedStack, type SynthesizedResource } from "../synthesized/synthesized-stack";

/** What promotion reads from a synthesized stack. Absent resources read as empty, never as a crash. */

export function resourceServer(stack: SynthesizedStack): Readonly<Record<string, unknown>> {
  return stack.ofType("auth0_resource_server")[0]?.values ?? {};
}

export function subjectPolicy(stack: SynthesizedStack, subject: "user" | "client"): string {
  const authorization = resourceServer(stack).subject_type_authorization as Record<string, { policy?: string }> | undefined;
  return authorization?.[subject]?.policy ?? "(tenant default)";
}

export function connectionOptions(stack: SynthesizedStack): Readonly<Record<string, unknown>> {
  return (stack.ofType("auth0_connection")[0]?.values.options as Record<string, unknown> | undefined) ?? {};
}

export function connectionConfiguration(stack: SynthesizedStack): Readonly<Record<string, string>> {
  return (connectionOptions(stack).configuration as Record<string, string> | undefined) ?? {};
}

/** The client grants for the facade API (their audience is the API's identifier, by reference). */
export function facadeGrants(stack: SynthesizedStack): SynthesizedResource[] {
  const api = stack.ofType("auth0_resource_server")[0];
  const audience = api && SynthesizedStack.reference(api, "identifier");
  return stack.ofType("auth0_client_grant").filter((grant) => grant.values.audience === audience);
}

/** The grant of a client by its ID (a literal, or a reference for the stack's own client). */
export function grantOf(stack: SynthesizedStack, clientId: unknown): SynthesizedResource | undefined {
  return facadeGrants(stack).find((grant) => grant.values.client_id === clientId);
}

/** The grant of the M2M client the scripts use (its client ID is a reference to the stack's client). */
export function scriptsGrant(stack: SynthesizedStack): SynthesizedResource | undefined {
  return facadeGrants(stack).find((grant) => String(grant.values.client_id).startsWith("${auth0_client."));
}

export function scopesOf(grant: SynthesizedResource | undefined): string[] {
  return Array.isArray(grant?.values.scopes) ? (grant.values.scopes as string[]) : [];
}

export function boundTriggers(stack: SynthesizedStack): string[] {
  return stack.ofType("auth0_trigger_action").map((binding) => String(binding.values.trigger));
}

/** The construct path without the stage, the same in every stage. */
export function stagelessPath(resource: SynthesizedResource): string {
  return resource.path.split("/").slice(1).join("/");
}
