import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { STAGE_SCHEMA_FILE } from "../../lib/config/load-stages";
import { stageJsonSchema } from "../../lib/config/stage-json-schema";
import { PROJECT_ROOT } from "../../lib/paths";

describe("config/stage.schema.json", () => {
  it("is what `npm run schema` emits from the zod schema (run it after changing lib/config)", () => {
    expect(readFileSync(join(PROJECT_ROOT, "config", STAGE_SCHEMA_FILE), "utf8")).toBe(stageJsonSchema());
  });
});
