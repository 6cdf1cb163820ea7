import { configFolder, exampleStage } from "./stage-files";
import type { TenantAssets } from "./deploy-cli-export";

export const EXISTING = {
  connectionId: "con_Lg4cY8uSeRs0Db1x",
  connectionName: "legacy-users",
  storefront: { name: "Storefront", clientId: "Vq3hT8kLmZ2xR7nB4cWp9sYd6fGj1aEu" },
  support: { name: "Support console", clientId: "Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja" },
  scriptsClient: { name: "legacy-users facade client", clientId: "Mm2Nn3Bb4Vv5Cc6Xx7Zz8Ll9Kk0Jj1Hh" },
  resourceServerId: "6530d4f1e2c3b4a5968778a9",
  audience: "https://legacy-facade.dev.acme.example/",
  scriptsGrantId: "cgr_Sc1Pt2Gr3An4T5x",
  supportGrantId: "cgr_Su1Pp2Or3Tg4R5x",
  exchangeGuardId: "0b6f3c1e-2d4a-4b8c-9e7f-1a2b3c4d5e6f",
} as const;

/**
 * A tenant set up by hand in the Dashboard before the project: the legacy connection in
 * import mode with its own scripts and settings, its applications, a facade API with the
 * scopes the scripts use, the scripts' M2M client and an approved support console with
 * their grants, and an exchange guard of the same name the stack gives it.
 */
export function existingTenant(): TenantAssets {
  return {
    databases: [
      {
        id: EXISTING.connectionId,
        name: EXISTING.connectionName,
        display_name: "Acme account",
        strategy: "auth0",
        enabled_clients: [EXISTING.storefront.clientId],
        realms: [EXISTING.connectionName],
        is_domain_connection: false,
        options: {
          import_mode: true,
          enabledDatabaseCustomization: true,
          brute_force_protection: true,
          customScripts: {
            login: "function login(email, password, callback) {\n  // ##LEGACY_DB_HOST## is replaced at deploy time\n  callback(null, { email });\n}\n",
            get_user: "function getByEmail(email, callback) {\n  callback(null);\n}\n",
            change_email: "function changeEmail(email, newEmail, verified, callback) {\n  callback(null, true);\n}\n",
          },
          configuration: { LEGACY_DB_HOST: "2.0$b2e...encrypted", LEGACY_DB_PASSWORD: "2.0$f7a...encrypted" },
          passwordPolicy: "good",
        },
      },
    ],
    clients: [
      { client_id: EXISTING.storefront.clientId, name: EXISTING.storefront.name, app_type: "spa", callbacks: ["https://shop.acme.example/callback"] },
      { client_id: EXISTING.support.clientId, name: EXISTING.support.name, app_type: "non_interactive", grant_types: ["client_credentials"] },
      {
        client_id: EXISTING.scriptsClient.clientId,
        name: EXISTING.scriptsClient.name,
        app_type: "non_interactive",
        grant_types: ["client_credentials"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    resourceServers: [
      {
        id: EXISTING.resourceServerId,
        name: "legacy-users facade",
        identifier: EXISTING.audience,
        signing_alg: "RS256",
        token_lifetime: 600,
        scopes: [
          { value: "users:authenticate", description: "POST /users/authenticate" },
          { value: "users:read", description: "POST /users/lookup" },
        ],
      },
    ],
    clientGrants: [
      { id: EXISTING.scriptsGrantId, client_id: EXISTING.scriptsClient.clientId, audience: EXISTING.audience, scope: ["users:authenticate", "users:read"] },
      { id: EXISTING.supportGrantId, client_id: EXISTING.support.clientId, audience: EXISTING.audience, scope: ["users:read"] },
    ],
    actions: [
      {
        id: EXISTING.exchangeGuardId,
        name: `${EXISTING.connectionName}-facade-exchange-guard`,
        code: "exports.onExecuteCredentialsExchange = async (event, api) => {};\n",
        runtime: "node22",
        dependencies: [],
        secrets: [],
        supported_triggers: [{ id: "credentials-exchange", version: "v2" }],
        deployed: true,
        status: "built",
      },
    ],
    triggers: {
      "credentials-exchange": [
        { action_name: `${EXISTING.connectionName}-facade-exchange-guard`, display_name: `${EXISTING.connectionName}-facade-exchange-guard` },
      ],
    },
  };
}

/** The dev fixture with the example facade, before adoption: the team wrote tenant, facade and backend. */
export function configBeforeAdoption(): string {
  const stage = exampleStage("dev");
  stage.connection.name = "placeholder";
  stage.approvedClients = [];
  return configFolder({ "dev.json": stage });
}

/** `npm run adopt` of the existing tenant's connection and scripts client, from `exported` into `config`. */
export const adoptArguments = (exported: string, config: string, ...more: string[]): string[] => [
  exported,
  "--stage",
  "dev",
  "--connection",
  EXISTING.connectionName,
  "--scripts-client",
  EXISTING.scriptsClient.name,
  "--config",
  config,
  ...more,
];
