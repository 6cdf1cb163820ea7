import { z } from "zod";
import { stageSchema } from "./stage-schema";

/** The JSON Schema of a stage file, for editors (`"$schema": "./stage.schema.json"`). */
export function stageJsonSchema(): string {
  const schema = z.toJSONSchema(stageSchema, { io: "input", unrepresentable: "any" });
  return `${JSON.stringify({ ...schema, title: "Auth0 legacy-facade stage file" }, null, 2)}\n`;
}

type SchemaNode = { properties?: Record<string, SchemaNode>; items?: SchemaNode; anyOf?: SchemaNode[]; oneOf?: SchemaNode[]; allOf?: SchemaNode[] };

function branches(node: SchemaNode): SchemaNode[] {
  const alternatives = [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])];
  return alternatives.length === 0 ? [node] : alternatives.flatMap(branches);
}

/** The fields a stage file may set at `path` (`["facade"]`), from every shape allowed there. */
export function knownFieldsAt(path: readonly PropertyKey[]): string[] {
  let nodes: SchemaNode[] = [z.toJSONSchema(stageSchema, { io: "input", unrepresentable: "any" }) as SchemaNode];
  for (const key of path) {
    nodes = nodes.flatMap(branches).flatMap((node) => {
      const next = typeof key === "number" ? node.items : node.properties?.[String(key)];
      return next === undefined ? [] : [next];
    });
  }
  return [...new Set(nodes.flatMap(branches).flatMap((node) => Object.keys(node.properties ?? {})))].filter((name) => name !== "$schema");
}
