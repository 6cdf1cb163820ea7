import type { ReviewInput } from "../review-input";
import { resourceOfReference, type ReadValue } from "./references";

/**
 * A client as a reviewer knows it: a client of this stack by construct path, or an
 * approved client by ID and the description its stage file gives.
 */
export function describeClient(input: ReviewInput, client: ReadValue): string {
  if ("reference" in client) {
    const resource = resourceOfReference(input.stack, client.reference);
    return resource === undefined ? `\${${client.reference}}` : resource.path;
  }
  const approved = input.config.approvedClients.find((entry) => entry.clientId === client.literal);
  return approved === undefined ? `${client.literal} (not in ${input.config.sourceFile})` : `${client.literal} (${approved.description})`;
}
