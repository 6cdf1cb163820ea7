import { full } from "acorn-walk";
import { memberName, nodeViolations, type AstNode } from "../code/syntax-tree";
import type { Rule } from "../rule";

/** Console methods whose arguments end up in Auth0's logs. */
const LOG_METHODS = new Set(["log", "info", "warn", "error", "debug", "trace", "dir", "table"]);
/** Names of values that must never be logged: `password`, `newPassword`, `client_secret`, `accessToken`, ... */
const SENSITIVE_NAME = /(?:password|passwd|secret|token|authorization|credentials?)$/i;

/** Every sensitive name (a variable, or a member read) inside some nodes: what the logged value is made of. */
function sensitiveNames(roots: readonly (AstNode | null)[]): string[] {
  const names = new Set<string>();
  for (const root of roots) {
    if (root === null) continue;
    full(root, (node) => {
      const name = node.type === "Identifier" ? (node as AstNode).name : node.type === "MemberExpression" ? memberName(node as AstNode) : undefined;
      if (name !== undefined && SENSITIVE_NAME.test(name)) names.add(name);
    });
  }
  return [...names];
}

const errorName = (callee: AstNode) => (callee.type === "Identifier" ? callee.name : memberName(callee));

export const codeNoSecretLogging: Rule = {
  id: "code-no-secret-logging",
  checks:
    "No script or Action hands a password, secret, token or authorization value to a log: console is only ever called directly (`console.log(...)`, never aliased, passed on or looked up by a computed name), and no console call, error message or thrown value is made of such a name.",
  threat:
    "Auth0 keeps script and Action output and errors in its logs and streams them to log tools: a password, client secret or access token " +
    "written there is readable by everyone with log access, long after the request.",
  fix: "Log what happened, never the value: name the operation and the status, as the scripts' error messages do.",
  check: (input) =>
    nodeViolations(input.stack, (unit) =>
      unit.nodes.flatMap(({ node, ancestors }) => {
        const parent = ancestors[ancestors.length - 1];
        if (node.type === "Identifier" && node.name === "console" && !(parent?.type === "MemberExpression" && parent.property === node && !parent.computed)) {
          const call = ancestors[ancestors.length - 2];
          const direct =
            parent?.type === "MemberExpression" &&
            parent.object === node &&
            LOG_METHODS.has(memberName(parent) ?? "") &&
            call?.type === "CallExpression" &&
            call.callee === parent;
          if (!direct) return [{ node, what: "uses console other than by calling console.<method>(...) directly, so what it logs cannot be read" }];
          const names = sensitiveNames(call.arguments);
          return names.length === 0 ? [] : [{ node, what: `console.${memberName(parent)}(...) writes ${names.join(", ")} to the logs` }];
        }
        if ((node.type === "NewExpression" || node.type === "CallExpression") && /Error$/.test(errorName(node.callee) ?? "")) {
          const names = sensitiveNames(node.arguments);
          return names.length === 0 ? [] : [{ node, what: `${errorName(node.callee)}(...) puts ${names.join(", ")} in an error message, which Auth0 logs` }];
        }
        if (node.type === "ThrowStatement") {
          const names = sensitiveNames([node.argument]);
          return names.length === 0 ? [] : [{ node, what: `throws a value made of ${names.join(", ")}, which Auth0 logs` }];
        }
        return [];
      }),
    ),
};
