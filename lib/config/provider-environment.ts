import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { StageConfig } from "./stage-config";

type Environment = Readonly<Record<string, string | undefined>>;

const AUTH0_EXPECTED =
  "expected AUTH0_CLIENT_ID with AUTH0_CLIENT_SECRET (or with AUTH0_CLIENT_ASSERTION_PRIVATE_KEY and AUTH0_CLIENT_ASSERTION_SIGNING_ALG), or AUTH0_API_TOKEN";

/** What the Auth0 credentials in `env` lack, in words; `undefined` when the provider can log in. */
function auth0Lack(has: (name: string) => boolean): string | undefined {
  if (has("AUTH0_API_TOKEN")) return undefined;
  const [id, secret, key, alg] = ["AUTH0_CLIENT_ID", "AUTH0_CLIENT_SECRET", "AUTH0_CLIENT_ASSERTION_PRIVATE_KEY", "AUTH0_CLIENT_ASSERTION_SIGNING_ALG"].map(
    has,
  );
  if (id && (secret || (key && alg))) return undefined;
  if (!id && secret) return "AUTH0_CLIENT_SECRET is set without AUTH0_CLIENT_ID";
  if (!id && (key || alg)) return `${key ? "AUTH0_CLIENT_ASSERTION_PRIVATE_KEY" : "AUTH0_CLIENT_ASSERTION_SIGNING_ALG"} is set without AUTH0_CLIENT_ID`;
  if (id && key) return "AUTH0_CLIENT_ASSERTION_SIGNING_ALG is missing";
  if (id && alg) return "AUTH0_CLIENT_ASSERTION_PRIVATE_KEY is missing";
  return id ? "AUTH0_CLIENT_SECRET is missing" : "no Auth0 credentials are set";
}

/**
 * Checks that the environment holds credentials the Auth0 provider can use for a stage,
 * before Terraform starts: the provider reads them from these variables (the domain comes
 * from the stage file). Problems name variables, never their values.
 */
export function providerEnvironmentProblems(config: StageConfig, env: Environment): string[] {
  const has = (name: string) => (env[name] ?? "").trim() !== "";
  const where = `stage ${config.stage} (${config.sourceFile})`;
  const problems: string[] = [];
  const lack = auth0Lack(has);
  if (lack !== undefined) problems.push(`environment: ${lack} for ${where}: ${AUTH0_EXPECTED}`);
  const domain = env.AUTH0_DOMAIN?.trim();
  if (domain && domain !== config.tenant.domain) {
    problems.push(
      `environment: AUTH0_DOMAIN is ${domain} but ${where} deploys to ${config.tenant.domain}: the credentials are probably for another tenant (unset AUTH0_DOMAIN or fix it)`,
    );
  }
  return problems;
}

/** One way a state backend finds credentials: variables that must all be set together. */
interface CredentialSource {
  readonly variables: readonly string[];
}

/** Per backend: the variable sets Terraform reads, and the files its tools leave behind. */
function backendCredentials(
  config: StageConfig,
  home: string,
): { readonly what: string; readonly sources: readonly CredentialSource[]; readonly files: readonly string[] } | undefined {
  const { backend } = config;
  switch (backend.type) {
    case "local":
      return undefined;
    case "s3":
      return {
        what: "AWS credentials for the s3 backend",
        sources: [
          { variables: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] },
          { variables: ["AWS_PROFILE"] },
          { variables: ["AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE"] },
          { variables: ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] },
          { variables: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] },
        ],
        files: [join(home, ".aws", "credentials"), join(home, ".aws", "config")],
      };
    case "gcs":
      return {
        what: "Google Cloud credentials for the gcs backend",
        sources: [{ variables: ["GOOGLE_APPLICATION_CREDENTIALS"] }, { variables: ["GOOGLE_CREDENTIALS"] }, { variables: ["GOOGLE_OAUTH_ACCESS_TOKEN"] }],
        files: [join(home, ".config", "gcloud", "application_default_credentials.json")],
      };
    case "azurerm":
      return {
        what: "Azure credentials for the azurerm backend",
        sources: [
          { variables: ["ARM_CLIENT_ID", "ARM_CLIENT_SECRET", "ARM_TENANT_ID"] },
          { variables: ["ARM_CLIENT_ID", "ARM_CLIENT_CERTIFICATE_PATH", "ARM_TENANT_ID"] },
          { variables: ["ARM_USE_OIDC", "ARM_CLIENT_ID", "ARM_TENANT_ID"] },
          { variables: ["ARM_USE_MSI"] },
          { variables: ["ARM_ACCESS_KEY"] },
          { variables: ["ARM_SAS_TOKEN"] },
        ],
        files: [join(home, ".azure", "msal_token_cache.json"), join(home, ".azure", "azureProfile.json")],
      };
    case "hcp-terraform": {
      const host = backend.hostname ?? "app.terraform.io";
      return {
        what: `a token for ${host} for the hcp-terraform backend`,
        sources: [{ variables: [`TF_TOKEN_${host.replace(/\./g, "_").replace(/-/g, "__")}`] }, { variables: ["TF_CLI_CONFIG_FILE"] }],
        files: [join(home, ".terraform.d", "credentials.tfrc.json")],
      };
    }
  }
}

export interface BackendEnvironment {
  /** Credentials that are certainly broken: a set only partly present. */
  readonly problems: readonly string[];
  /** Nothing visible: Terraform may still find an instance role or a CLI login. */
  readonly notes: readonly string[];
}

/**
 * Checks the state backend's credentials before Terraform needs them. A variable set only
 * partly given (`AWS_ACCESS_KEY_ID` without `AWS_SECRET_ACCESS_KEY`) is a problem; no
 * visible credentials at all is only a note, since a machine's role (EC2, GCE, managed
 * identity) or a CLI login provides them without any variable. Never reads a value.
 */
export function backendEnvironment(
  config: StageConfig,
  env: Environment,
  fileExists: (path: string) => boolean = existsSync,
  home: string = homedir(),
): BackendEnvironment {
  const expected = backendCredentials(config, home);
  if (expected === undefined) return { problems: [], notes: [] };
  const has = (name: string) => (env[name] ?? "").trim() !== "";
  const where = `stage ${config.stage} (${config.sourceFile})`;
  const complete = expected.sources.filter((source) => source.variables.every(has));
  if (complete.length > 0) return { problems: [], notes: [] };
  const present = (source: CredentialSource) => source.variables.filter(has).length;
  const closest = expected.sources
    .filter((source) => source.variables.length > 1 && present(source) > 0)
    .sort((a, b) => present(b) - present(a))
    .slice(0, 1);
  const problems = closest.map((source) => {
    const missing = source.variables.filter((name) => !has(name));
    const present = source.variables.filter(has);
    return `environment: ${present.join(" and ")} ${present.length === 1 ? "is" : "are"} set without ${missing.join(" and ")}, ${expected.what} of ${where}`;
  });
  if (problems.length > 0 || expected.files.some(fileExists)) return { problems, notes: [] };
  const listed = expected.sources.map((source) => source.variables.join(" with ")).join(", or ");
  return {
    problems,
    notes: [`environment: no ${expected.what} of ${where} in the environment (${listed}): fine only where the machine's role or a CLI login provides them`],
  };
}
