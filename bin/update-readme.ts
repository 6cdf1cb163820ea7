/**
 * `npm run readme`: rewrites every sample output the README marks
 * (`<!-- sample: <name> -->` before a code block) with what the code prints now, so the
 * README never shows an output the code does not produce. test/readme fails when one is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../lib/paths";
import { markedSamples, readmeWithSamples } from "../test/readme/readme-samples";

const file = join(PROJECT_ROOT, "README.md");
const before = readFileSync(file, "utf8");
const after = readmeWithSamples(before);
writeFileSync(file, after);
console.log(`${before === after ? "already up to date" : "updated"}: ${markedSamples(after).join(", ")}`);
