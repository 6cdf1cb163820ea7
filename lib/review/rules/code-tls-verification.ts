import { constantString, memberName, nodeViolations, propertyKey, type AstNode, type ParsedUnit } from "../code/syntax-tree";
import type { Rule } from "../rule";

const REJECT = "rejectUnauthorized";

/**
 * The one place `rejectUnauthorized` may be written: the pinned agent's
 * `rejectUnauthorized: pinSet.size === 0`, where a pinned connection replaces chain
 * validation with the exact-fingerprint check made before a byte is written, and an
 * unpinned one keeps it.
 */
function isPinnedAgentShape(node: AstNode): boolean {
  const value = node.value;
  return (
    node.type === "Property" &&
    !node.computed &&
    value?.type === "BinaryExpression" &&
    value.operator === "===" &&
    memberName(value.left) === "size" &&
    value.right.type === "Literal" &&
    value.right.value === 0
  );
}

/** Nodes that name `name`, however spelled: keys, members, identifiers, and strings the code builds from literals. */
function namings(unit: ParsedUnit, name: string, contains = false): AstNode[] {
  const matches = (text: string | undefined) => text !== undefined && (contains ? text.includes(name) : text === name);
  const found = unit.nodes.filter(({ node }) => {
    if (node.type === "Property") return matches(propertyKey(node));
    if (node.type === "MemberExpression") return matches(memberName(node));
    if (node.type === "Identifier") return node.name === name;
    if (["Literal", "TemplateLiteral", "BinaryExpression"].includes(node.type)) return matches(constantString(node));
    return false;
  });
  // One finding per place: a key's own identifier or string, or the parts of a folded string, are that place.
  return found.filter(({ node, ancestors }) => !found.some((other) => other.node !== node && ancestors.includes(other.node))).map(({ node }) => node);
}

export const codeTlsVerification: Rule = {
  id: "code-tls-verification",
  checks:
    "Scripts and Actions never weaken certificate verification: `rejectUnauthorized` appears only in the pinned agent's `rejectUnauthorized: <pins>.size === 0`, and neither `NODE_TLS_REJECT_UNAUTHORIZED` nor `checkServerIdentity` appears at all, however the name is spelled.",
  threat:
    "Without certificate verification, anyone between Auth0 and the facade or the token endpoint can pose as them and read every user's " +
    "password, the M2M client secret and the facade token, or answer logins for any account.",
  fix: "Remove it. For a self-signed facade certificate, pin it (`facade.certificate.sha256Pins`): the pinned agent checks the exact fingerprint before sending a byte.",
  check: (input) =>
    nodeViolations(input.stack, (unit) => [
      ...namings(unit, REJECT)
        .filter((node) => !isPinnedAgentShape(node))
        .map((node) => ({
          node,
          what: `sets or names ${REJECT} other than as the pinned agent's "${REJECT}: <pins>.size === 0", which can disable certificate verification`,
        })),
      ...namings(unit, "NODE_TLS_REJECT_UNAUTHORIZED", true).map((node) => ({
        node,
        what: "names NODE_TLS_REJECT_UNAUTHORIZED, which disables certificate verification for the whole process",
      })),
      ...namings(unit, "checkServerIdentity").map((node) => ({ node, what: "overrides checkServerIdentity, the check that ties a certificate to the host" })),
    ]),
};
