import { join } from "node:path";
import { PROJECT_ROOT, displayPath } from "../paths";
import { AUTH0_SCHEMA_FILE } from "../validation/provider-schema";
import { formatSchemaProblem } from "../validation/schema-problem";
import { validateSynthesized } from "../validation/validate-synthesized";
import { UsageError, parseArguments } from "./arguments";
import { CONSOLE, type CommandOutput } from "./output";
import { EXIT, runCommand } from "./run-command";

const VALIDATE_USAGE = "usage: npm run validate [-- --outdir <cdktf.out folder>]";

/**
 * `npm run validate`: checks every synthesized stack against the committed provider
 * schema (provider/auth0-<version>.schema.json), offline: unknown attributes and blocks,
 * missing required ones, wrong types, block counts. Each problem names the construct
 * path and the Terraform address.
 */
export function validateCommand(args: readonly string[], output: CommandOutput = CONSOLE): number {
  return runCommand(() => {
    const parsed = parseArguments(args, { usage: VALIDATE_USAGE, paths: ["--outdir"] });
    const outdir = parsed.paths["--outdir"] ?? join(PROJECT_ROOT, "cdktf.out");
    const { stages, problems } = validateSynthesized(outdir);
    if (stages.length === 0) throw new UsageError(`${displayPath(outdir)}/stacks holds no synthesized stack: run npm run synth first`);
    for (const problem of problems) output.error(formatSchemaProblem(problem));
    const verdict = problems.length === 0 ? "no problems" : `${problems.length} problem${problems.length === 1 ? "" : "s"}`;
    output.log(`validated ${stages.join(", ")} against ${displayPath(AUTH0_SCHEMA_FILE)}: ${verdict}`);
    return problems.length === 0 ? EXIT.passed : EXIT.findings;
  }, output);
}
