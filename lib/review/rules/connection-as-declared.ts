import { CONFIGURATION_KEYS } from "../../../contract/connection-configuration";
import { configurationOf, connectionClientsOf, customDatabases, scriptsOf } from "../../facts/connection";
import { expectedConfiguration } from "../../facts/expected";
import { isFacadeAudience } from "../../facts/facade-api";
import { type ReadValue, readValue, refersTo, resourceOfReference } from "../../facts/references";
import { SIGNING_KEY_VARIABLE } from "../../config/stage-config";
import { tenantResources } from "../../facts/resources";
import { type Json, valueAt } from "../../facts/values";
import type { SynthesizedResource } from "../../synthesized/synthesized-stack";
import { asBoolean, asString, asStringList, describeValue, terraformValue } from "../../synthesized/terraform-values";
import { resourceRef, stackRef, type Violation } from "../finding";
import type { ReviewInput } from "../review-input";
import type { Rule } from "../rule";

const KEYS = Object.values(CONFIGURATION_KEYS).sort();

/** The configuration as the stage file implies it: known values equal, references to the stack's own resources. */
function configurationProblems(input: ReviewInput, connection: SynthesizedResource): string[] {
  const configuration = configurationOf(connection);
  if (configuration === undefined)
    return [`options.configuration is ${describeValue(valueAt(connection.values, "options", "configuration"))}: the scripts cannot run without theirs`];
  const problems: string[] = [];
  const keys = Object.keys(configuration).sort();
  const missing = KEYS.filter((key) => !keys.includes(key));
  const extra = keys.filter((key) => !KEYS.includes(key as never));
  if (missing.length > 0) problems.push(`options.configuration lacks ${missing.join(", ")}`);
  if (extra.length > 0) problems.push(`options.configuration holds ${extra.join(", ")}, which the scripts never read (and Auth0 would keep for good)`);
  for (const [key, expected] of Object.entries(expectedConfiguration(input))) {
    if (key === CONFIGURATION_KEYS.facadeCertSha256 || !(key in configuration)) continue;
    const value = terraformValue(configuration[key]);
    if (asString(value) !== expected)
      problems.push(`configuration ${key} is ${describeValue(value)}; ${input.config.sourceFile} implies ${JSON.stringify(expected)}`);
  }
  if (CONFIGURATION_KEYS.facadeAudience in configuration && isFacadeAudience(input, configuration[CONFIGURATION_KEYS.facadeAudience]) !== true) {
    problems.push(
      `configuration ${CONFIGURATION_KEYS.facadeAudience} is ${describeValue(terraformValue(configuration[CONFIGURATION_KEYS.facadeAudience]))}; it must name the facade API (by reference to its identifier)`,
    );
  }
  problems.push(...credentialProblems(input, configuration));
  return problems;
}

/**
 * CLIENT_ID must be the stack's client; its credential exactly what the stage file's
 * clientAuthentication says: CLIENT_SECRET that client's credentials (never a literal,
 * never another's), or CLIENT_ASSERTION_KEY the signing-key variable; the other one empty.
 */
function credentialProblems(input: ReviewInput, configuration: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  const id = readValue(configuration[CONFIGURATION_KEYS.clientId]);
  const client = id !== undefined && "reference" in id && id.reference.endsWith(".client_id") ? resourceOfReference(input.stack, id.reference) : undefined;
  if (client?.type !== "auth0_client") {
    problems.push(
      `configuration ${CONFIGURATION_KEYS.clientId} must reference the stack's M2M client (auth0_client.<name>.client_id), not ${id === undefined ? "a computed value" : "literal" in id ? "a literal" : `\${${id.reference}}`}`,
    );
  }
  const authentication = input.config.clientAuthentication;
  const secret = readValue(configuration[CONFIGURATION_KEYS.clientSecret]);
  const assertionKey = readValue(configuration[CONFIGURATION_KEYS.clientAssertionKey]);
  const shown = (value: ReadValue | undefined) =>
    value === undefined ? "a computed value" : "literal" in value ? (value.literal === "" ? "empty" : "a literal") : `\${${value.reference}}`;
  const empty = (value: ReadValue | undefined) => value !== undefined && "literal" in value && value.literal === "";
  if (authentication.method === "private-key-jwt") {
    if (!empty(secret)) problems.push(`configuration ${CONFIGURATION_KEYS.clientSecret} must be empty with private_key_jwt, not ${shown(secret)}`);
    if (!(assertionKey !== undefined && "reference" in assertionKey && assertionKey.reference === `var.${SIGNING_KEY_VARIABLE}`)) {
      problems.push(
        `configuration ${CONFIGURATION_KEYS.clientAssertionKey} must reference the sensitive variable ${SIGNING_KEY_VARIABLE} (the signing key), not ${shown(assertionKey)}`,
      );
    }
    problems.push(...registeredKeyProblems(input, client, authentication.keys));
    return problems;
  }
  if (!empty(assertionKey))
    problems.push(`configuration ${CONFIGURATION_KEYS.clientAssertionKey} must be empty with a client secret, not ${shown(assertionKey)}`);
  const credentials =
    secret !== undefined && "reference" in secret && secret.reference.endsWith(".client_secret")
      ? resourceOfReference(input.stack, secret.reference)
      : undefined;
  const ofTheClient =
    credentials?.type === "auth0_client_credentials" && client?.type === "auth0_client" && refersTo(credentials.values.client_id, client, "client_id");
  if (!ofTheClient) {
    problems.push(
      `configuration ${CONFIGURATION_KEYS.clientSecret} must reference the M2M client's credentials (auth0_client_credentials.<name>.client_secret), not ${shown(secret)}`,
    );
  }
  return problems;
}

/**
 * With private_key_jwt, the scripts' client accepts assertions signed by exactly the keys
 * the stage file lists: one more registered key is one more party that can get facade tokens.
 */
function registeredKeyProblems(input: ReviewInput, client: SynthesizedResource | undefined, keys: readonly { name: string; publicKey: string }[]): string[] {
  const credentials = tenantResources(input.stack, "auth0_client_credentials").filter(
    (resource) => client !== undefined && refersTo(resource.values.client_id, client, "client_id"),
  );
  if (credentials.length !== 1) return [`${credentials.length} auth0_client_credentials resources configure the scripts' client; exactly one must`];
  const [resource] = credentials;
  const problems: string[] = [];
  const method = valueAt(resource.values, "authentication_method");
  if (asString(method) !== "private_key_jwt")
    problems.push(`the scripts' client authenticates with ${describeValue(method)}; the stage file declares private_key_jwt`);
  const registered = valueAt(resource.values, "private_key_jwt", "credentials");
  const raw = registered?.kind === "known" ? registered.value : undefined;
  const entries = (Array.isArray(raw) ? raw : raw !== null && typeof raw === "object" ? [raw] : []) as Json[];
  const shownKeys = entries.map((entry) => `${asString(valueAt(entry, "name")) ?? "?"}`);
  const matches =
    entries.length === keys.length &&
    keys.every((key) =>
      entries.some(
        (entry) =>
          asString(valueAt(entry, "name")) === key.name &&
          asString(valueAt(entry, "pem"))?.trim() === key.publicKey.trim() &&
          asString(valueAt(entry, "credential_type")) === "public_key",
      ),
    );
  if (!matches) {
    problems.push(
      `the scripts' client accepts assertions signed by ${entries.length} key(s) (${shownKeys.join(", ") || "none readable"}); ${input.config.sourceFile} registers exactly ${keys.map((key) => key.name).join(", ")}`,
    );
  }
  return problems;
}

function optionProblems(input: ReviewInput, connection: SynthesizedResource): string[] {
  const { connection: declared } = input.config;
  const problems: string[] = [];
  const check = (option: string, expected: boolean, why: string) => {
    const value = valueAt(connection.values, "options", option);
    if (asBoolean(value) !== expected) problems.push(`options.${option} is ${describeValue(value)}; ${why}`);
  };
  check("enabled_database_customization", true, "it must be true, or the connection stops running the scripts");
  check("import_mode", declared.importMode, `${input.config.sourceFile} sets connection.importMode ${declared.importMode}`);
  check(
    "disable_signup",
    !declared.scripts.includes("create"),
    declared.scripts.includes("create") ? "the create script is enabled" : "without a create script, sign-up must be off",
  );
  const scripts = Object.keys(scriptsOf(connection) ?? {}).sort();
  const expected = [...declared.scripts].sort();
  if (scripts.join() !== expected.join())
    problems.push(`the connection runs the scripts ${scripts.join(", ") || "none"}; ${input.config.sourceFile} enables ${expected.join(", ")}`);
  return problems;
}

function applicationProblems(input: ReviewInput, connection: SynthesizedResource): Violation[] {
  const expected = [...input.config.connection.enabledClients].sort();
  const resources = connectionClientsOf(input.stack, connection);
  const lists = resources.filter((resource) => resource.type === "auth0_connection_clients");
  const violations: Violation[] = resources
    .filter((resource) => resource.type === "auth0_connection_client")
    .map((resource) => ({
      resource: resourceRef(resource),
      message: `an auth0_connection_client enables ${describeValue(valueAt(resource.values, "client_id"))} for the connection, beyond connection.enabledClients`,
    }));
  if (lists.length !== 1)
    violations.push({
      resource: resourceRef(connection),
      message: `${lists.length} auth0_connection_clients resources enable applications for the connection; exactly one must, with connection.enabledClients`,
    });
  for (const list of lists) {
    const enabled = asStringList(valueAt(list.values, "enabled_clients"));
    if (enabled === undefined)
      violations.push({
        resource: resourceRef(list),
        message: `the enabled applications are unreadable (${describeValue(valueAt(list.values, "enabled_clients"))})`,
      });
    else if ([...enabled].sort().join() !== expected.join()) {
      violations.push({
        resource: resourceRef(list),
        message: `the connection is enabled for ${enabled.join(", ") || "no application"}; ${input.config.sourceFile} enables ${expected.join(", ")}`,
      });
    }
  }
  return violations;
}

export const connectionAsDeclared: Rule = {
  id: "connection-as-declared",
  checks:
    "The stage's custom database connection is the one the stage file declares: its configuration holds exactly the keys the scripts read, TOKEN_URL, FACADE_URL and the timeout as the stage file implies, the facade audience, the M2M client and its credentials by reference; import mode, sign-up, scripts and enabled applications as declared; no other custom database connection.",
  threat:
    "The scripts send the M2M client secret to TOKEN_URL and every user's password to FACADE_URL: another host there receives both. A literal or " +
    "foreign CLIENT_SECRET is a credential outside the stack's control; another application enabled, or a second connection, is a login path nobody reviewed.",
  fix: "Declare the connection only with `CustomDatabase` from the stage file; remove overrides of its configuration, options and enabled applications.",
  check: (input) => {
    const connections = customDatabases(input.stack);
    const named = connections.filter((connection) => asString(valueAt(connection.values, "name")) === input.config.connection.name);
    const others = connections.filter((connection) => !named.includes(connection));
    const violations: Violation[] = others.map((connection) => ({
      resource: resourceRef(connection),
      message: `a custom database connection named ${describeValue(valueAt(connection.values, "name"))}, which ${input.config.sourceFile} does not declare (it declares ${JSON.stringify(input.config.connection.name)})`,
    }));
    if (named.length === 0)
      violations.push({
        resource: stackRef(input.config.stage),
        message: `no custom database connection of the stage's tenant is named ${JSON.stringify(input.config.connection.name)}`,
      });
    for (const connection of named) {
      violations.push(
        ...[...configurationProblems(input, connection), ...optionProblems(input, connection)].map((message) => ({
          resource: resourceRef(connection),
          message,
        })),
      );
      violations.push(...applicationProblems(input, connection));
    }
    return violations;
  },
};
