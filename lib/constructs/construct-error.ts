import type { IConstruct } from "constructs";

/** An invalid prop: the message starts with the construct path (`prod/CustomDatabase: ...`). */
export function constructError(scope: IConstruct, message: string): Error {
  return new Error(`${scope.node.path}: ${message}`);
}
