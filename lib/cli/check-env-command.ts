import { loadStages } from "../config/load-stages";
import { backendEnvironment, providerEnvironmentProblems } from "../config/provider-environment";
import { parseArguments } from "./arguments";
import { CONSOLE, type CommandOutput } from "./output";
import { EXIT, runCommand } from "./run-command";

const CHECK_ENV_USAGE = "usage: npm run check-env -- <stage> [<stage> ...] [--config <folder>]";

/**
 * `npm run check-env -- <stage> [...]`: fails, naming the variable, when the environment
 * lacks the Auth0 credentials `cdktf deploy` / `terraform apply` will need for a stage,
 * or holds only part of its state backend's credentials.
 * Returns the exit code.
 */
export function checkEnvCommand(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
  output: CommandOutput = CONSOLE,
): number {
  return runCommand(() => {
    const parsed = parseArguments(args, { usage: CHECK_ENV_USAGE, positionals: { name: "stage", min: 1, max: Infinity }, paths: ["--config"] });
    const stages = parsed.positionals;
    const configs = loadStages(parsed.paths["--config"], stages);
    const backends = configs.map((config) => backendEnvironment(config, env));
    const problems = [...configs.flatMap((config) => providerEnvironmentProblems(config, env)), ...backends.flatMap((backend) => backend.problems)];
    for (const problem of problems) output.error(problem);
    for (const note of backends.flatMap((backend) => backend.notes)) output.log(note);
    if (problems.length === 0) output.log(`environment ready for ${stages.join(", ")}`);
    return problems.length === 0 ? EXIT.passed : EXIT.findings;
  }, output);
}
