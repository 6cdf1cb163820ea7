/**
 * `npm run readme`: rewrites every sample output the README and docs/ mark
 * (`<!-- sample: <name> -->` before a code block) with what the code prints now, so no
 * page shows an output the code does not produce. test/readme fails when one is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../lib/paths";
import { documentsWithSamples, markedSamples, readmeWithSamples } from "../test/readme/readme-samples";

for (const document of documentsWithSamples()) {
  const file = join(PROJECT_ROOT, document);
  const before = readFileSync(file, "utf8");
  const marked = markedSamples(before);
  if (marked.length === 0) continue;
  const after = readmeWithSamples(before);
  writeFileSync(file, after);
  console.log(`${document}: ${before === after ? "already up to date" : "updated"}: ${marked.join(", ")}`);
}
