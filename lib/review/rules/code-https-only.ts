import { constantString, nodeViolations, type AstNode } from "../code/syntax-tree";
import type { Rule } from "../rule";

export const codeHttpsOnly: Rule = {
  id: "code-https-only",
  checks: "No script or Action holds a plain `http://` URL, even one assembled from pieces (the `http` module is code-modules-allowed's).",
  threat:
    "A request over plain http carries its body and headers (passwords, the client secret, the bearer token) in clear text, readable and alterable on the way.",
  fix: "Use https:// and the `https` module (the scripts' `postJson` does).",
  check: (input) =>
    nodeViolations(input.stack, (unit) => {
      const text = (node: AstNode) => (node.type === "TemplateElement" ? String(node.value.cooked ?? node.value.raw) : (constantString(node) ?? ""));
      const strings = unit.nodes.filter(
        ({ node }) => ["Literal", "TemplateLiteral", "TemplateElement", "BinaryExpression"].includes(node.type) && /http:\/\//i.test(text(node)),
      );
      return strings
        .filter(({ node, ancestors }) => !strings.some((other) => other.node !== node && ancestors.includes(other.node)))
        .map(({ node }) => ({ node, what: "holds a plain http:// URL" }));
    }),
};
