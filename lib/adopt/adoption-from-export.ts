import { SCRIPT_NAMES, IMPORT_MODE_SCRIPTS, scopesForScripts } from "../../contract/facade-contract";
import { CONFIGURATION_KEY_NAMES } from "../../contract/connection-configuration";
import type { StageConfig } from "../config/stage-config";
import { AUTH0_ID_PATTERNS } from "../limits";
import { sizeAndDigest } from "../messages";
import type { JsonObject } from "../config/json-paths";
import { type DeployCliExport, exportError } from "./deploy-cli-export";

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
  /** What the first apply changes, which a reviewer signs off; each a sentence. */
  readonly notes: readonly string[];
  /**
   * What the stage file cannot carry over, each with what to do: the adoption is refused
   * (nothing written) while any remains, since the first apply would lose it.
   */
  readonly blocking: readonly string[];
}

const KEYWORD = /##[A-Za-z0-9_]+##|@@[A-Za-z0-9_]+@@/;
const DEPLOY_CLI_IDS = "a0deploy export with --export_ids true (AUTH0_EXPORT_IDENTIFIERS)";

const PRESERVED = "export again without keyword preservation (AUTH0_PRESERVE_KEYWORDS), so that the export holds the values Auth0 holds";

/**
 * The one application an export names: deploy-cli writes an application's name where it
 * exported that application, and its raw client ID where it did not. Never a guess: a name
 * that two applications share, a placeholder, or a name without a client ID is a problem.
 */
function resolveClient(
  exported: DeployCliExport,
  reference: string,
  what: string,
): { clientId: string; name: string; exported: boolean } | { problem: string } {
  const label = `${what} ${JSON.stringify(reference)}`;
  if (KEYWORD.test(reference)) return { problem: `${label} is a keyword placeholder, so adoption cannot tell which application it is: ${PRESERVED}` };
  const named = exported.clients.filter((client) => client.name === reference);
  if (named.length > 1) {
    const ids = named
      .map((client) => client.clientId ?? "(no ID in the export)")
      .sort()
      .join(", ");
    return {
      problem: `${label} names ${named.length} applications (${ids}), and adoption never guesses which: rename all but one in the Dashboard, then export again`,
    };
  }
  if (named.length === 1) {
    return named[0].clientId === undefined
      ? { problem: `${label} has no client ID in the export: run ${DEPLOY_CLI_IDS}` }
      : { clientId: named[0].clientId, name: reference, exported: true };
  }
  const byId = exported.clients.find((client) => client.clientId === reference);
  if (byId !== undefined) return { clientId: reference, name: byId.name, exported: true };
  // deploy-cli keeps the raw client ID of an application it did not export.
  if (AUTH0_ID_PATTERNS.client.test(reference)) return { clientId: reference, name: reference, exported: false };
  return { problem: `${label} is not among the exported applications, nor a client ID: export again with the clients included` };
}

export function adoptionFromExport(exported: DeployCliExport, base: JsonObject, baseConfig: StageConfig, options: AdoptionOptions): AdoptionDraft {
  const notes: string[] = [];
  const blocking: string[] = [];
  const fail = (field: string, expected: string, found?: string): never => {
    throw exportError([{ file: exported.source, field, expected, found }]);
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
  if (KEYWORD.test(found.name)) blocking.push(`the connection's name ${JSON.stringify(found.name)} (${found.file}) is a keyword placeholder: ${PRESERVED}`);
  if (found.id === undefined) {
    blocking.push(`the connection has no ID in the export (${found.file}), and adoption imports it by its ID: run ${DEPLOY_CLI_IDS}`);
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
  const enabledClients = found.enabledClients.flatMap((reference) => {
    const client = resolveClient(exported, reference, "the enabled application");
    if ("problem" in client) {
      blocking.push(`${client.problem}; without it the first apply disables it for the connection, and its users cannot log in`);
      return [];
    }
    if (!client.exported) {
      notes.push(
        `the enabled application ${client.clientId} is not among the exported applications (deploy-cli keeps its client ID): it stays enabled, by that ID`,
      );
    }
    return [client.clientId];
  });
  if (found.enabledClients.length === 0) {
    blocking.push(`the connection enables no application (${found.file} enabled_clients): a connection no application uses cannot be adopted as is`);
  }

  const adopt: JsonObject = found.id === undefined ? {} : { connectionId: found.id };
  const audience = baseConfig.facade.audience;
  const available = scopesForScripts(scripts as StageConfig["connection"]["scripts"]);

  for (const placeholder of exported.apis.filter((candidate) => KEYWORD.test(candidate.identifier))) {
    blocking.push(
      `the API ${JSON.stringify(placeholder.name ?? placeholder.identifier)} has the identifier ${JSON.stringify(placeholder.identifier)}, a keyword placeholder, so adoption cannot tell whether it is the facade API (${audience}): ${PRESERVED}`,
    );
  }
  const api = exported.apis.find((candidate) => candidate.identifier === audience);
  if (api === undefined) {
    if (!exported.apis.some((candidate) => KEYWORD.test(candidate.identifier)))
      notes.push(`no API with identifier ${audience} (facade.audience) in the export: the stack creates it`);
  } else if (api.id === undefined) {
    blocking.push(`the API ${audience} exists but the export has no ID for it, and the first apply would fail creating it again (409): run ${DEPLOY_CLI_IDS}`);
  } else {
    adopt.resourceServerId = api.id;
    const dropped = api.scopes.filter((scope) => !available.includes(scope));
    if (dropped.length > 0)
      blocking.push(
        `the API ${audience} has scope(s) ${dropped.join(", ")}, which the scripts do not use: the stack owns the API's scopes, so the first apply removes them and every grant holding them loses them; remove them in the Dashboard once nothing uses them, then export again`,
      );
  }

  // Grants for the facade: the scripts' client, and every other client becomes an approved one.
  const approved = new Map<string, JsonObject>(
    (Array.isArray(base.approvedClients) ? (base.approvedClients as JsonObject[]) : []).map((entry) => [String(entry.clientId), entry]),
  );
  const approvedGrants: JsonObject = {};
  let scriptsClientAdopted = false;
  for (const grant of exported.grants.filter((candidate) => KEYWORD.test(candidate.audience))) {
    blocking.push(
      `the grant of ${JSON.stringify(grant.client)} is for the audience ${JSON.stringify(grant.audience)}, a keyword placeholder, so adoption cannot tell whether it is a facade grant: ${PRESERVED}`,
    );
  }
  const userFacing = new Set(enabledClients);
  for (const grant of exported.grants.filter((candidate) => candidate.audience === audience)) {
    const client = resolveClient(exported, grant.client, "the facade grant's application");
    if ("problem" in client) {
      blocking.push(client.problem);
      continue;
    }
    const label = client.name;
    if (grant.id === undefined) {
      blocking.push(
        `the facade grant of ${JSON.stringify(label)} has no ID in the export, and the first apply would fail creating it again (409): run ${DEPLOY_CLI_IDS}`,
      );
      continue;
    }
    if (options.scriptsClient !== undefined && label === options.scriptsClient) {
      adopt.scriptsClient = { clientId: client.clientId, grantId: grant.id };
      scriptsClientAdopted = true;
      continue;
    }
    if (userFacing.has(client.clientId)) {
      blocking.push(
        `${JSON.stringify(label)} holds a facade grant and is enabled for the connection: an application users log in to must never hold facade tokens; delete its facade grant in the Dashboard (or disable it for the connection), then export again`,
      );
      continue;
    }
    const scopes = grant.scopes.filter((scope) => available.includes(scope));
    const dropped = grant.scopes.filter((scope) => !available.includes(scope));
    if (dropped.length > 0) {
      blocking.push(
        `the facade grant of ${JSON.stringify(label)} holds ${dropped.join(", ")}, which the scripts do not use and the stack does not grant: remove ${dropped.length === 1 ? "it" : "them"} from the grant in the Dashboard${scopes.length === 0 ? " (or delete the grant)" : ""}, then export again`,
      );
      continue;
    }
    if (!approved.has(client.clientId)) {
      approved.set(client.clientId, { clientId: client.clientId, description: `${label}: holds a facade grant in the tenant (adopted)`, scopes });
      notes.push(`${JSON.stringify(label)} becomes an approved client: review its description and scopes in approvedClients`);
    }
    approvedGrants[client.clientId] = grant.id;
  }
  if (options.scriptsClient !== undefined && !scriptsClientAdopted && !blocking.some((problem) => problem.includes(JSON.stringify(options.scriptsClient)))) {
    blocking.push(
      `no facade grant (${audience}) held by the application ${JSON.stringify(options.scriptsClient)} (--scripts-client), with its client and grant IDs`,
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
      blocking.push(
        `the Action ${name} exists but cannot be adopted (${action.id === undefined ? `no ID in the export: run ${DEPLOY_CLI_IDS}` : `it is not a ${trigger} Action: rename or delete it in the Dashboard`}), and the first apply would fail creating one of the same name`,
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
  if (found.displayName !== undefined && KEYWORD.test(found.displayName)) {
    blocking.push(
      `the connection's display name ${JSON.stringify(found.displayName)} is a keyword placeholder, and users would see it on the login screen: ${PRESERVED}`,
    );
  } else if (found.displayName !== undefined) connectionSettings.displayName = found.displayName;
  connectionSettings.importMode = found.importMode;
  connectionSettings.scripts = scripts;
  connectionSettings.enabledClients = enabledClients;
  stageFile.connection = connectionSettings;
  if (approved.size > 0) stageFile.approvedClients = [...approved.values()];
  stageFile.adopt = adopt;
  return { stageFile, notes, blocking };
}
