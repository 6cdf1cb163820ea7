import { declaredImports, stackImports } from "../../facts/imports";
import { stackRef, type Violation } from "../finding";
import type { Rule } from "../rule";

export const importsAsDeclared: Rule = {
  id: "imports-as-declared",
  checks:
    "Every Terraform import block in the stack is one the stage file's `adopt` declares (the same resource and tenant object ID, on the stack's provider), and each declared one is there.",
  threat:
    "An import block takes over an object that already exists in the tenant, and the next apply rewrites it to the stack's settings: one added " +
    "by hand can adopt another connection (and overwrite its scripts, or delete its users with the next replacement) or another application's grant. " +
    "A declared adoption that is missing makes the first apply create a second connection beside the one holding the users.",
  fix: "Adopt only through `adopt` in the stage file, which writes the import blocks; remove hand-written or overridden ones.",
  check: (input) => {
    const stage = input.config.stage;
    const declared = declaredImports(input.config);
    const byAddress = new Map(input.stack.resources.map((resource) => [resource.address, resource]));
    const matched = new Set<number>();
    const violations: Violation[] = [];
    for (const block of stackImports(input.stack)) {
      const where = `import block ${block.index}`;
      if (block.otherKeys.length > 0) {
        violations.push({
          resource: stackRef(stage),
          message: `${where} sets ${block.otherKeys.join(", ")}: an import from another provider, or one the review cannot read`,
        });
        continue;
      }
      if (typeof block.to !== "string" || typeof block.id !== "string") {
        violations.push({
          resource: stackRef(stage),
          message: `${where} has an unreadable to or id (${JSON.stringify(block.to)}, ${JSON.stringify(block.id)})`,
        });
        continue;
      }
      const resource = byAddress.get(block.to);
      const below = resource?.path.startsWith(`${stage}/`) ? resource.path.slice(stage.length + 1) : undefined;
      const index = declared.findIndex((entry) => entry.type === resource?.type && entry.path === below && entry.id === block.id);
      if (index < 0 || matched.has(index)) {
        violations.push({
          resource: resource === undefined ? stackRef(stage) : { path: resource.path, address: resource.address },
          message: `${where} imports ${JSON.stringify(block.id)} into ${block.to}, which ${input.config.sourceFile} does not adopt there`,
        });
        continue;
      }
      matched.add(index);
    }
    declared.forEach((entry, index) => {
      if (!matched.has(index)) {
        violations.push({
          resource: { path: `${stage}/${entry.path}` },
          message: `${input.config.sourceFile} adopts ${JSON.stringify(entry.id)} as ${entry.path}, but the stack has no import block for it: the first apply would create a new one`,
        });
      }
    });
    return violations;
  },
};
