import type { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { Auth0Provider } from "../../.gen/providers/auth0/provider";
import { FACADE_OPERATIONS } from "../../contract/facade-contract";
import { bundleRuntimeCode, type RuntimeBundles } from "../bundling/runtime-bundles";
import { facadePins, facadeScopes, tokenUrl, type StageConfig } from "../config/stage-config";
import { CustomDatabase } from "../constructs/custom-database";
import { ExchangeGuard } from "../constructs/exchange-guard";
import { ScriptsClient } from "../constructs/scripts-client";
import { LoginGuard } from "../constructs/login-guard";
import { OutboundIpAllowlist } from "../constructs/outbound-ip-allowlist";
import { ProtectedApi } from "../constructs/protected-api";
import { addStateBackend } from "./state-backend";

export interface StageStackProps {
  /** The stage's validated settings (`loadStages` or `parseStageConfig`). */
  readonly config: StageConfig;
  /**
   * The bundled scripts and Actions; the same bytes for every stage, so bundle once for
   * several stages.
   * @default bundleRuntimeCode(config.connection.scripts)
   */
  readonly bundles?: RuntimeBundles;
}

/**
 * One stage's protected custom-database setup. Every stage is this same class; stages
 * differ only by their config file. Values flow between constructs by Terraform
 * reference, never as copied strings.
 */
export class StageStack extends TerraformStack {
  constructor(scope: Construct, stage: string, props: StageStackProps) {
    super(scope, stage);
    const { config } = props;
    const bundles = props.bundles ?? bundleRuntimeCode(config.connection.scripts);
    const name = config.connection.name;
    const scopes = facadeScopes(config);

    // Credentials come from AUTH0_CLIENT_ID / AUTH0_CLIENT_SECRET (or AUTH0_API_TOKEN);
    // the domain is pinned here so a stage can never be applied to another tenant.
    new Auth0Provider(this, "auth0", { domain: config.tenant.domain });
    addStateBackend(this, config);

    const api = new ProtectedApi(this, "ProtectedApi", {
      identifier: config.facade.audience,
      displayName: `${name} facade`,
      tokenLifetimeSeconds: config.accessToken.lifetimeSeconds,
      adoptResourceServerId: config.adopt?.resourceServerId,
      scopes: Object.values(FACADE_OPERATIONS)
        .filter((operation) => scopes.includes(operation.scope))
        .map((operation) => ({ name: operation.scope, description: `${operation.method} ${operation.path} (${operation.script} script)` })),
    });
    // Its construct id predates the class name and stays: it is in the Terraform addresses,
    // and a new address would replace the client (a new ID and secret: every login fails).
    const client = new ScriptsClient(this, "FacadeClient", {
      api,
      displayName: `${name} facade client`,
      scopes,
      adopt: config.adopt?.scriptsClient,
      tokenQuota: config.accessToken.quota,
      authentication:
        config.clientAuthentication.method === "client-secret"
          ? { method: "client-secret" }
          : { method: "private-key-jwt", publicKeys: config.clientAuthentication.keys.map((key) => ({ name: key.name, pem: key.publicKey })) },
    });
    config.approvedClients.forEach((approved) => {
      api.grantAccess(api, `ApprovedClient-${approved.clientId}`, approved.clientId, approved.scopes, config.adopt?.approvedClientGrants[approved.clientId]);
    });

    new CustomDatabase(this, "CustomDatabase", {
      connectionName: name,
      displayName: config.connection.displayName,
      importMode: config.connection.importMode,
      scripts: Object.fromEntries(config.connection.scripts.map((script) => [script, bundles.scripts[script]])),
      enabledClientIds: config.connection.enabledClients,
      adoptConnectionId: config.adopt?.connectionId,
      settings: {
        tokenUrl: tokenUrl(config),
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        clientAssertionKey: client.clientAssertionKey,
        facadeUrl: config.facade.url,
        facadeAudience: api.identifier,
        certificatePins: facadePins(config),
        timeoutMs: config.facade.timeoutMs,
      },
    });
    new ExchangeGuard(this, "ExchangeGuard", {
      api,
      actionName: `${name}-facade-exchange-guard`,
      bundle: bundles.actions["credentials-exchange"],
      secretsStorage: config.actionSecrets,
      adoptActionId: config.adopt?.exchangeGuardActionId,
    });
    new LoginGuard(this, "LoginGuard", {
      api,
      actionName: `${name}-facade-login-guard`,
      bundle: bundles.actions["post-login-guard"],
      secretsStorage: config.actionSecrets,
      adoptActionId: config.adopt?.loginGuardActionId,
    });
    new OutboundIpAllowlist(this, "OutboundIpAllowlist", { region: config.tenant.region });
  }
}
