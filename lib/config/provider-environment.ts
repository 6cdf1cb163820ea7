import type { StageConfig } from "./stage-config";

/**
 * Checks that the environment holds credentials the Auth0 provider can use for a stage,
 * before Terraform starts: the provider reads them from these variables (the domain comes
 * from the stage file). Problems name variables, never their values.
 */
export function providerEnvironmentProblems(config: StageConfig, env: Readonly<Record<string, string | undefined>>): string[] {
  const has = (name: string) => (env[name] ?? "").trim() !== "";
  const where = `stage ${config.stage} (${config.sourceFile})`;
  const problems: string[] = [];
  const clientSecret = has("AUTH0_CLIENT_ID") && has("AUTH0_CLIENT_SECRET");
  const clientAssertion = has("AUTH0_CLIENT_ID") && has("AUTH0_CLIENT_ASSERTION_PRIVATE_KEY") && has("AUTH0_CLIENT_ASSERTION_SIGNING_ALG");
  if (!has("AUTH0_API_TOKEN") && !clientSecret && !clientAssertion) {
    const missing = has("AUTH0_CLIENT_ID") ? "AUTH0_CLIENT_SECRET is missing" : "no Auth0 credentials are set";
    problems.push(
      `environment: ${missing} for ${where}: expected AUTH0_CLIENT_ID with AUTH0_CLIENT_SECRET (or with AUTH0_CLIENT_ASSERTION_PRIVATE_KEY and AUTH0_CLIENT_ASSERTION_SIGNING_ALG), or AUTH0_API_TOKEN`,
    );
  }
  const domain = env.AUTH0_DOMAIN?.trim();
  if (domain && domain !== config.tenant.domain) {
    problems.push(
      `environment: AUTH0_DOMAIN is ${domain} but ${where} deploys to ${config.tenant.domain}: the credentials are probably for another tenant (unset AUTH0_DOMAIN or fix it)`,
    );
  }
  return problems;
}
