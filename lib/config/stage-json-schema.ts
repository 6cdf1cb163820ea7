import { z } from "zod";
import { stageSchema } from "./stage-schema";

/** The JSON Schema of a stage file, for editors (`"$schema": "./stage.schema.json"`). */
export function stageJsonSchema(): string {
  const schema = z.toJSONSchema(stageSchema, { io: "input", unrepresentable: "any" });
  return `${JSON.stringify({ ...schema, title: "Auth0 legacy-facade stage file" }, null, 2)}\n`;
}
