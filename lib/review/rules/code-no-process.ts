import { memberName, nodeViolations, usesOf } from "../code/syntax-tree";
import type { Rule } from "../rule";

const GLOBAL_OBJECTS = new Set(["globalThis", "global", "self", "window"]);

export const codeNoProcess: Rule = {
  id: "code-no-process",
  checks: "No script or Action touches `process` (and so never `process.env`), under any name or spelling.",
  threat:
    '`process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0"` turns certificate verification off for every connection of the container; `process.env` ' +
    "also holds whatever the runtime puts there, `process.binding` reaches Node's internals. The scripts read their settings from `configuration` only.",
  fix: "Read settings from the connection's configuration (scripts) or the Action's secrets; never from the process.",
  check: (input) =>
    nodeViolations(input.stack, (unit) => [
      ...usesOf(unit, "process").map(({ node }) => ({ node, what: "touches process" })),
      ...unit.nodes
        .filter(({ node }) => memberName(node) === "process" && node.object.type === "Identifier" && GLOBAL_OBJECTS.has(node.object.name))
        .map(({ node }) => ({ node, what: "reaches process through a member (globalThis.process, ...)" })),
    ]),
};
