import { maskCredentials } from "../messages";

/** One way a synthesized stack does not fit the provider schema. */
export interface SchemaProblem {
  /** The construct path (`dev/FacadeClient/Client`), from cdktf's `//` metadata. */
  readonly constructPath: string;
  /** The Terraform address (`auth0_client.FacadeClient_4960F1AA`, `provider.auth0`). */
  readonly address: string;
  /** Where in the body, dotted (`options.password_dictionary.enable`); empty for the whole body. */
  readonly field: string;
  readonly message: string;
}

export function formatSchemaProblem(problem: SchemaProblem): string {
  const field = problem.field === "" ? "" : ` ${problem.field}:`;
  return `${problem.constructPath} (${problem.address}):${field} ${maskCredentials(problem.message)}`;
}

/** A problem found below `field`, before it knows which resource it belongs to. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export function joinField(parent: string, child: string | number): string {
  if (typeof child === "number") return `${parent}[${child}]`;
  return parent === "" ? child : `${parent}.${child}`;
}
