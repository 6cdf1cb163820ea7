import { ALLOWED_BUILTINS } from "../../bundling/build-runtime-code";
import { memberName, nodeViolations, usesOf } from "../code/syntax-tree";
import type { Rule } from "../rule";

const ALLOWED = new Set(ALLOWED_BUILTINS.flatMap((name) => [name, `node:${name}`]));

export const codeModulesAllowed: Rule = {
  id: "code-modules-allowed",
  checks: `Scripts and Actions load modules only as \`require("<name>")\` with a literal name from the allowed built-ins (${ALLOWED_BUILTINS.join(", ")}): no other module, no name built at run time, no \`import()\`, no other use of \`require\`.`,
  threat:
    "A module loaded by a computed name is one nobody reviewed: `http` sends passwords in clear text, `vm` and `child_process` run arbitrary code, " +
    '`fs` reads the container; a name assembled at run time (`"ht" + "tp"`) hides which one from any reader.',
  fix: 'Import Node built-ins by name in the TypeScript sources (esbuild writes `require("https")`); the bundler refuses any other import.',
  check: (input) =>
    nodeViolations(input.stack, (unit) => [
      ...usesOf(unit, "require").flatMap(({ node, parent }) => {
        const argument = parent?.type === "CallExpression" && parent.callee === node && parent.arguments.length === 1 ? parent.arguments[0] : undefined;
        if (argument?.type === "Literal" && typeof argument.value === "string") {
          return ALLOWED.has(argument.value) ? [] : [{ node, what: `loads ${JSON.stringify(argument.value)}, which is not an allowed built-in` }];
        }
        return [{ node, what: 'uses require other than as require("<allowed built-in>") with a literal name' }];
      }),
      ...unit.nodes.filter(({ node }) => node.type === "ImportExpression").map(({ node }) => ({ node, what: "loads a module with import()" })),
      ...unit.nodes
        .filter(({ node }) => memberName(node) === "require")
        .map(({ node }) => ({ node, what: "reaches require through a member (module.require, globalThis.require, ...)" })),
    ]),
};
