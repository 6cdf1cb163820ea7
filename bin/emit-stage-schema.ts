/** `npm run schema`: rewrites config/stage.schema.json from the zod schema. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { STAGE_SCHEMA_FILE } from "../lib/config/load-stages";
import { stageJsonSchema } from "../lib/config/stage-json-schema";
import { PROJECT_ROOT } from "../lib/paths";

const file = join(PROJECT_ROOT, "config", STAGE_SCHEMA_FILE);
writeFileSync(file, stageJsonSchema());
console.log(`wrote ${file}`);
