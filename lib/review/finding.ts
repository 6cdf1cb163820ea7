/** How much a finding matters: an unsuppressed error fails the review, a warning does not. */
export type Severity = "error" | "warning";

/** Where a finding is: a resource of the synthesized stack, the stack itself, or a stage-file entry. */
export interface ResourceRef {
  /** The construct path (`dev/ProtectedApi/ResourceServer`), the stack (`dev`), or a stage-file field. */
  readonly path: string;
  /** The Terraform address (`auth0_resource_server.ProtectedApi_ResourceServer_3FE7FE31`), when there is one. */
  readonly address?: string;
}

/** What a rule reports: the resource and what is wrong with it, in the reviewer's words. */
export interface Violation {
  readonly resource: ResourceRef;
  readonly message: string;
  /** A fix specific to this violation; the rule's general fix otherwise. */
  readonly fix?: string;
}

/** A violation as reported: with its rule's id, severity, threat and fix. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly resource: ResourceRef;
  /** What is wrong. */
  readonly message: string;
  /** Why it matters: the threat it opens. */
  readonly threat: string;
  /** How to fix it. */
  readonly fix: string;
  /** The file the finding is about (the synthesized stack, or the stage file). */
  readonly file: string;
  /** The line of that file where the resource (or the suppression) starts, when known. */
  readonly line?: number;
  /** Present when the stage file waives it; the finding stays in every report. */
  readonly suppression?: { readonly reason: string };
}

export function isBlocking(finding: Finding): boolean {
  return finding.severity === "error" && finding.suppression === undefined;
}

/** `dev/ProtectedApi/ResourceServer (auth0_resource_server.X)`, or the path alone. */
export function describeResource(resource: ResourceRef): string {
  return resource.address === undefined ? resource.path : `${resource.path} (${resource.address})`;
}

/** A resource of the synthesized stack, as findings name it. */
export function resourceRef(resource: { readonly path: string; readonly address: string }): ResourceRef {
  return { path: resource.path, address: resource.address };
}

/** The stack itself: for what is missing from it. */
export function stackRef(stage: string): ResourceRef {
  return { path: stage };
}
