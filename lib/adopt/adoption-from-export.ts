import { SCRIPT_NAMES, IMPORT_MODE_SCRIPTS, scopesForScripts } from "../../contract/facade-contract";
import { CONFIGURATION_KEY_NAMES } from "../../scripts/shared/settings";
import type { StageConfig } from "../config/stage-config";
import { sizeAndDigest } from "../messages";
import type { JsonObject } from "../promote/json-paths";
import { type DeployCliExport, type ExportedClient, ExportInputError } from "./deploy-cli-export";

/**
 * A stage file that adopts one connection of an auth0-deploy-cli export, with what goes
 * with it (its applications, the facade API, the grants for it, the guard Actions), and
 * the notes a reviewer must read: what could not be carried over and what the first apply
 * will change. Everything the export cannot say (tenant, facade, backend) comes from the
 * stage file it starts from.
 */

export interface AdoptionOptions {
  /** The connection to adopt, by name. */
  readonly connection: string;
  /** The application the existing scripts use for facade tokens, by name, to adopt as the stack's M2M client. @default none: the stack creates one */
  readonly scriptsClient?: string;
}

export interface AdoptionDraft {
  readonly stageFile: JsonObject;
  /** What could not be carried over, and what the first apply changes; each a sentence. */
  readonly notes: readonly string[];
}

const KEYWORD = /##[A-Za-z0-9_]+##|@@[A-Za-z0-9_]+@@/;
const DEPLOY_CLI_IDS = "a0deploy export with --export_ids true (AUTH0_EXPORT_IDENTIFIERS)";

function clientNamed(exported: DeployCliExport, nameOrId: string): ExportedClient | undefined {
  return exported.clients.find((client) => client.name === nameOrId) ?? exported.clients.find((client) => client.clientId === nameOrId);
}

export function adoptionFromExport(exported: DeployCliExport, base: JsonObject, baseConfig: StageConfig, options: AdoptionOptions): AdoptionDraft {
  const notes: string[] = [];
  const fail = (field: string, expected: string, found?: string): never => {
    throw new ExportInputError([{ file: exported.source, field, expected, found }]);
  };
  const connection = exported.connections.find((candidate) => candidate.name === options.connection);
  if (connection === undefined) {
    fail(
      "databases",
      `a database connection named ${JSON.stringify(options.connection)}`,
      JSON.stringify(exported.connections.map((candidate) => candidate.name)),
    );
  }
  const found = connection!;
  if (KEYWORD.test(found.name)) fail(`${found.file} name`, "the connection's real name, not a keyword placeholder", JSON.stringify(found.name));
  if (found.id === undefined) {
    fail(`${found.file} id`, `the connection's ID, which adoption imports by: run ${DEPLOY_CLI_IDS}, or write adopt.connectionId from the Dashboard`);
  }
  if (found.strategy !== undefined && found.strategy !== "auth0")
    fail(`${found.file} strategy`, 'a database connection (strategy "auth0")', JSON.stringify(found.strategy));

  // Scripts: the project's bundles replace the connection's own.
  const recognised = Object.keys(found.scripts).filter((name) => (SCRIPT_NAMES as readonly string[]).includes(name));
  const wanted = found.importMode ? [...IMPORT_MODE_SCRIPTS] : [...new Set(["login", "get_user", ...recognised])];
  const scripts = (SCRIPT_NAMES as readonly string[]).filter((name) => wanted.includes(name));
  for (const [name, text] of Object.entries(found.scripts)) {
    if (!scripts.includes(name)) {
      notes.push(
        (SCRIPT_NAMES as readonly string[]).includes(name)
          ? `script ${name} is not carried over: in import mode Auth0 runs only login and get_user; the first apply removes it from the connection`
          : `script ${name} is not carried over: the project has no ${name} script; the first apply removes it from the connection`,
      );
    } else {
      notes.push(
        `script ${name} (${sizeAndDigest(text)}) is replaced by the bundled one at the first apply${KEYWORD.test(text) ? "; it uses deploy-cli keyword placeholders, which the bundled script does not need" : ""}`,
      );
    }
  }
  notes.push(
    `the export holds no connection configuration (deploy-cli leaves it out as read-only): any key Auth0 holds besides ${CONFIGURATION_KEY_NAMES.join(", ")} fails the first apply with "Unmanaged Configuration Secret"; list the keys in the Dashboard and follow docs/adoption.md before applying`,
  );

  // Applications enabled for the connection, from names back to client IDs.
  const enabledClients = found.enabledClients.flatMap((name) => {
    const client = clientNamed(exported, name);
    if (KEYWORD.test(name) || client?.clientId === undefined) {
      notes.push(
        `enabled application ${JSON.stringify(name)} is not carried over: ${KEYWORD.test(name) ? "a keyword placeholder" : `the export has no client ID for it (${DEPLOY_CLI_IDS})`}`,
      );
      return [];
    }
    return [client.clientId];
  });
  if (enabledClients.length === 0)
    fail(`${found.file} enabled_clients`, "at least one application with a client ID (a connection no application uses cannot be adopted as is)");

  const adopt: JsonObject = { connectionId: found.id! };
  const audience = baseConfig.facade.audience;
  const available = scopesForScripts(scripts as StageConfig["connection"]["scripts"]);

  const api = exported.apis.find((candidate) => candidate.identifier === audience);
  if (api === undefined) {
    notes.push(`no API with identifier ${audience} (facade.audience) in the export: the stack creates it`);
  } else if (api.id === undefined) {
    notes.push(`the API ${audience} exists but the export has no ID for it (${DEPLOY_CLI_IDS}): without adopt.resourceServerId the first apply fails (409)`);
  } else {
    adopt.resourceServerId = api.id;
    const dropped = api.scopes.filter((scope) => !available.includes(scope));
    if (dropped.length > 0)
      notes.push(
        `the first apply removes scope(s) ${dropped.join(", ")} from the API ${audience} (the stack owns its scopes), and every grant holding them loses them`,
      );
  }

  // Grants for the facade: the scripts' client, and every other client becomes an approved one.
  const approved = new Map<string, JsonObject>(
    (Array.isArray(base.approvedClients) ? (base.approvedClients as JsonObject[]) : []).map((entry) => [String(entry.clientId), entry]),
  );
  const approvedGrants: JsonObject = {};
  let scriptsClientAdopted = false;
  for (const grant of exported.grants.filter((candidate) => candidate.audience === audience)) {
    const client = clientNamed(exported, grant.client);
    const label = client?.name ?? grant.client;
    if (client?.clientId === undefined || grant.id === undefined) {
      notes.push(`the grant of ${JSON.stringify(label)} for the facade API is not carried over: the export has no client or grant ID (${DEPLOY_CLI_IDS})`);
      continue;
    }
    if (options.scriptsClient !== undefined && label === options.scriptsClient) {
      adopt.scriptsClient = { clientId: client.clientId, grantId: grant.id };
      scriptsClientAdopted = true;
      continue;
    }
    const scopes = grant.scopes.filter((scope) => available.includes(scope));
    const dropped = grant.scopes.filter((scope) => !available.includes(scope));
    if (scopes.length === 0) {
      notes.push(
        `the grant of ${JSON.stringify(label)} for the facade API is not carried over: none of its scopes (${grant.scopes.join(", ")}) is one the scripts use`,
      );
      continue;
    }
    if (dropped.length > 0) notes.push(`${JSON.stringify(label)} keeps ${scopes.join(", ")} and loses ${dropped.join(", ")} (not a scope the scripts use)`);
    if (!approved.has(client.clientId)) {
      approved.set(client.clientId, { clientId: client.clientId, description: `${label}: holds a facade grant in the tenant (adopted)`, scopes });
      notes.push(`${JSON.stringify(label)} becomes an approved client: review its description and scopes in approvedClients`);
    }
    approvedGrants[client.clientId] = grant.id;
  }
  if (options.scriptsClient !== undefined && !scriptsClientAdopted) {
    fail(
      "clientGrants",
      `a grant for ${audience} held by the application ${JSON.stringify(options.scriptsClient)} (--scripts-client), with its client and grant IDs`,
    );
  }
  if (Object.keys(approvedGrants).length > 0) adopt.approvedClientGrants = approvedGrants;

  // The guard Actions, by the names the stack gives them.
  const guards = [
    ["exchangeGuardActionId", `${found.name}-facade-exchange-guard`, "credentials-exchange"],
    ["loginGuardActionId", `${found.name}-facade-login-guard`, "post-login"],
  ] as const;
  for (const [field, name, trigger] of guards) {
    const action = exported.actions.find((candidate) => candidate.name === name);
    if (action === undefined) continue;
    if (action.id === undefined || !action.triggers.includes(trigger)) {
      notes.push(
        `the Action ${name} exists but is not adopted (${action.id === undefined ? `no ID in the export: ${DEPLOY_CLI_IDS}` : `it is not a ${trigger} Action`}): the first apply fails creating one of the same name`,
      );
      continue;
    }
    adopt[field] = action.id;
    notes.push(`the Action ${name}'s code is replaced by the bundled guard at the first apply`);
  }
  for (const action of exported.actions) {
    const other = !guards.some(([, name]) => name === action.name);
    for (const trigger of action.triggers.filter((candidate) => candidate === "credentials-exchange" || candidate === "post-login")) {
      if (other) notes.push(`the Action ${action.name} also runs on ${trigger}; the stack leaves it bound beside the guard (check what it allows)`);
    }
  }

  const stageFile = structuredClone(base);
  const connectionSettings = { ...(stageFile.connection as JsonObject) };
  connectionSettings.name = found.name;
  if (found.displayName !== undefined && !KEYWORD.test(found.displayName)) connectionSettings.displayName = found.displayName;
  connectionSettings.importMode = found.importMode;
  connectionSettings.scripts = scripts;
  connectionSettings.enabledClients = enabledClients;
  stageFile.connection = connectionSettings;
  if (approved.size > 0) stageFile.approvedClients = [...approved.values()];
  stageFile.adopt = adopt;
  return { stageFile, notes };
}
