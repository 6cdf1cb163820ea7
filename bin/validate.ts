/**
 * `npm run validate [-- --outdir <cdktf.out folder>]`: checks every synthesized stack
 * against the committed provider schema (provider/auth0-<version>.schema.json), offline:
 * unknown attributes and blocks, missing required ones, wrong types, block counts. Each
 * problem names the construct path and the Terraform address. Run `npm run synth` first.
 */
import { resolve } from "node:path";
import { PROJECT_ROOT, displayPath } from "../lib/paths";
import { AUTH0_SCHEMA_FILE } from "../lib/validation/provider-schema";
import { formatSchemaProblem } from "../lib/validation/schema-problem";
import { validateSynthesized } from "../lib/validation/validate-synthesized";

function main(args: readonly string[]): number {
  let outdir = resolve(PROJECT_ROOT, "cdktf.out");
  if (args.length === 2 && args[0] === "--outdir") outdir = resolve(args[1]);
  else if (args.length > 0) {
    console.error(`unknown arguments ${args.join(" ")} (expected --outdir <folder>)`);
    return 2;
  }
  const { stages, problems } = validateSynthesized(outdir);
  if (stages.length === 0) {
    console.error(`${displayPath(outdir)}/stacks holds no synthesized stack: run npm run synth first`);
    return 1;
  }
  for (const problem of problems) console.error(formatSchemaProblem(problem));
  const verdict = problems.length === 0 ? "no problems" : `${problems.length} problem${problems.length === 1 ? "" : "s"}`;
  console.log(`validated ${stages.join(", ")} against ${displayPath(AUTH0_SCHEMA_FILE)}: ${verdict}`);
  return problems.length === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
