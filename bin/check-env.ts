/**
 * `npm run check-env -- <stage> [...]`: fails, naming the variable, when the environment
 * lacks the Auth0 credentials `cdktf deploy` / `terraform apply` will need for a stage.
 */
import { ConfigError } from "../lib/config/config-error";
import { loadStages } from "../lib/config/load-stages";
import { providerEnvironmentProblems } from "../lib/config/provider-environment";

const stages = process.argv.slice(2);
try {
  if (stages.length === 0) throw new Error("usage: npm run check-env -- <stage> [<stage> ...]");
  const problems = loadStages(undefined, stages).flatMap((config) => providerEnvironmentProblems(config, process.env));
  for (const problem of problems) console.error(problem);
  if (problems.length === 0) console.log(`environment ready for ${stages.join(", ")}`);
  process.exitCode = problems.length === 0 ? 0 : 1;
} catch (error) {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
