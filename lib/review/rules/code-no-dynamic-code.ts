import { constantString, memberName, nodeViolations, propertyKey, usesOf, type AstNode } from "../code/syntax-tree";
import type { Rule } from "../rule";

/** Objects whose members must never be looked up by a name computed at run time. */
const GUARDED_OBJECTS = new Set([
  "globalThis",
  "global",
  "self",
  "window",
  "process",
  "console",
  "require",
  "module",
  "exports",
  "Reflect",
  "Object",
  "Function",
]);
const TIMERS = new Set(["setTimeout", "setInterval", "setImmediate"]);

const isFunctionLike = (node: AstNode | undefined) =>
  node !== undefined &&
  ["FunctionExpression", "ArrowFunctionExpression", "Identifier", "MemberExpression"].includes(node.type) &&
  constantString(node) === undefined;

export const codeNoDynamicCode: Rule = {
  id: "code-no-dynamic-code",
  checks:
    "No script or Action runs text as code or hides a name: no `eval` or `Function` (called or not), no `.constructor`, no string passed to a timer, no global or guarded object's member looked up by a computed name, no object key computed at run time.",
  threat:
    'Code built from text at run time is code nobody reviewed, and a name computed at run time (`globalThis["ev" + "al"]`, `[].constructor.constructor`, ' +
    '`{ ["reject" + "Unauthorized"]: false }`) defeats every rule that looks for it: whoever controls the text runs code next to the client secret and users\' passwords.',
  fix: "Write the logic as code and names as names; parse data with JSON.parse.",
  check: (input) =>
    nodeViolations(input.stack, (unit) => [
      ...["eval", "Function"].flatMap((name) => usesOf(unit, name).map(({ node }) => ({ node, what: `uses ${name}` }))),
      ...unit.nodes.flatMap(({ node }) => {
        if (node.type === "MemberExpression") {
          const name = memberName(node);
          if (name === "constructor") return [{ node, what: "reaches a constructor through .constructor, which builds functions from text" }];
          if (name === "eval" || name === "Function") return [{ node, what: `reaches ${name} through a member (globalThis.${name}, ...)` }];
          if (node.computed && memberName(node) === undefined && node.object.type === "Identifier" && GUARDED_OBJECTS.has(node.object.name)) {
            return [{ node, what: `looks up a member of ${node.object.name} by a name computed at run time` }];
          }
        }
        if (node.type === "Property" && node.computed && propertyKey(node) === undefined) return [{ node, what: "builds an object key at run time" }];
        if (node.type === "CallExpression") {
          // The global timers only: `socket.setTimeout(0)` is a socket's idle timeout.
          const global =
            node.callee.type === "Identifier" ||
            (node.callee.type === "MemberExpression" && node.callee.object.type === "Identifier" && ["globalThis", "global"].includes(node.callee.object.name));
          const callee = node.callee.type === "Identifier" ? node.callee.name : memberName(node.callee);
          if (global && callee !== undefined && TIMERS.has(callee) && node.arguments.length > 0 && !isFunctionLike(node.arguments[0])) {
            return [{ node, what: `passes code as text to ${callee}` }];
          }
        }
        return [];
      }),
    ]),
};
