import { ConfigError } from "../config/config-error";
import { loadStages } from "../config/load-stages";
import { providerEnvironmentProblems } from "../config/provider-environment";
import { CONSOLE, type CommandOutput } from "./output";

/**
 * `npm run check-env -- <stage> [...]`: fails, naming the variable, when the environment
 * lacks the Auth0 credentials `cdktf deploy` / `terraform apply` will need for a stage.
 * Returns the exit code.
 */
export function checkEnvCommand(
  stages: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
  output: CommandOutput = CONSOLE,
  configDir?: string,
): number {
  if (stages.length === 0) {
    output.error("usage: npm run check-env -- <stage> [<stage> ...]");
    return 2;
  }
  try {
    const problems = loadStages(configDir, stages).flatMap((config) => providerEnvironmentProblems(config, env));
    for (const problem of problems) output.error(problem);
    if (problems.length === 0) output.log(`environment ready for ${stages.join(", ")}`);
    return problems.length === 0 ? 0 : 1;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    output.error(error.message);
    return 1;
  }
}
