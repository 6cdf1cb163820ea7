import { randomBytes } from "node:crypto";
import { SECRET_NAMES } from "../../contract/action-secrets";
import { CONFIGURATION_KEYS } from "../../contract/connection-configuration";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { X509Certificate } from "node:crypto";
import { startFacade } from "../../facade/main";
import { startFacadeProcess } from "./facade-artifact";
import { type AuditEntry, createFacadeServer, type FacadeServer } from "../../facade/server";
import type { LegacyDatabaseFixture } from "./legacy-databases";
import { UserStore } from "../../examples/reference-facade/user-store";
import { SIGNING_KEY_VARIABLE } from "../../lib/config/stage-config";
import { terraformValue } from "../../lib/synthesized/terraform-values";
import type { SynthesizedStack, SynthesizedResource } from "../../lib/synthesized/synthesized-stack";
import { ActionContainer, ScriptContainer, type ScriptContainerOptions } from "./auth0-sandbox";
import { createSelfSignedCertificate, issueServerCertificate, type TestCertificate } from "../../examples/reference-facade/certificates";
import { boundAction, scriptText } from "./synthesized-examples";
import { startTokenEndpoint, type RegisteredClient, type TokenEndpoint } from "./token-endpoint";

/** A synthesized string as Terraform evaluates it after apply, given the attributes its references point at. */
function appliedString(raw: unknown, applied: Readonly<Record<string, string>>): string {
  const value = terraformValue(raw);
  const resolve = (reference: string): string => {
    const resolved = applied[reference];
    if (resolved === undefined) throw new Error(`no applied value for ${reference}`);
    return resolved;
  };
  if (value.kind === "known" && typeof value.value === "string") return value.value;
  if (value.kind === "reference") return resolve(value.reference);
  if (value.kind === "join") return value.parts.map((part) => ("reference" in part ? resolve(part.reference) : part.literal)).join(value.separator);
  throw new Error(`cannot evaluate ${JSON.stringify(raw)}`);
}

export interface LocalTenantOptions {
  /** How the facade's certificate is made. @default "self-signed" (pinned, EC P-256) */
  readonly facadeCertificate?: "self-signed" | "self-signed-rsa" | "ca-issued";
  /** Access-token lifetime the token endpoint issues. @default the resource server's */
  readonly tokenLifetimeSeconds?: number;
  /** scrypt cost of the facade's user store; low keeps tests fast. @default 1024 */
  readonly scryptCost?: number;
  /** The CA the process trusts (NODE_EXTRA_CA_CERTS). @default the test run's, from global-setup */
  readonly ca?: { readonly cert: string; readonly key: string; readonly sha256: string; readonly sha256WithColons: string };
  /**
   * Serve the scripts with the real facade (`npm run facade`) over this legacy database
   * instead of the example's in-memory store: it fetches the token endpoint's JWKS itself.
   */
  readonly legacyDatabase?: LegacyDatabaseFixture;
  /** Run the real facade as the built artifact in this folder (`builtFacade()`), as its own process, instead of in this one. */
  readonly facadeArtifact?: string;
  /** Receives the real facade's audit log. */
  readonly audit?: (entry: AuditEntry) => void;
  /** Edits the real facade's settings before they are parsed. */
  readonly facadeSettings?: (settings: Record<string, any>) => void;
  /** For a private_key_jwt stack: the PEM private key given as TF_VAR_facade_client_signing_key. */
  readonly signingKey?: string;
}

/** The PEM public keys a synthesized `auth0_client_credentials` registers for private_key_jwt; none for a secret. */
export function registeredPublicKeys(credentials: SynthesizedResource): string[] | undefined {
  if (credentials.values.authentication_method !== "private_key_jwt") return undefined;
  const block = credentials.values.private_key_jwt as { credentials: { pem: string }[] | { pem: string } };
  return (Array.isArray(block.credentials) ? block.credentials : [block.credentials]).map((credential) => credential.pem);
}

function only(stack: SynthesizedStack, type: string): SynthesizedResource {
  const found = stack.ofType(type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}

const secret = () => randomBytes(24).toString("base64url");
const clientId = () => randomBytes(24).toString("base64url").replace(/[-_]/g, "x").slice(0, 32);

/**
 * A stage's synthesized stack "applied" to local stand-ins: the values Terraform would
 * only learn at apply (client ID and secret) are made up, every reference in the
 * connection configuration and the Action secrets is resolved against them, and only the
 * addresses that cannot exist here (the tenant's token URL, the facade URL, the pins of a
 * certificate made at test time) are replaced by the local ones.
 */
export class LocalTenant {
  readonly m2m: RegisteredClient;
  /** Every `auth0_client_grant` of the stack, with client IDs resolved. */
  readonly grants: { clientId: string; audience: string; scopes: string[] }[];
  readonly audience: string;
  readonly applied: Record<string, string>;
  readonly configuration: Record<string, string>;
  readonly exchangeSecrets: Record<string, string>;
  readonly loginGuardSecrets: Record<string, string>;
  readonly exchangeAction: ActionContainer;
  readonly loginGuard: ActionContainer;
  readonly clients: RegisteredClient[];
  private readonly containers: ScriptContainer[] = [];

  private constructor(
    readonly stack: SynthesizedStack,
    readonly tokenEndpoint: TokenEndpoint,
    private readonly facadeServer: FacadeServer | undefined,
    readonly facadeUrl: string,
    readonly facadeCertificate: TestCertificate,
    private readonly exampleStore: UserStore | undefined,
    private readonly stopFacade: () => Promise<void>,
    parts: {
      m2m: RegisteredClient;
      clients: RegisteredClient[];
      grants: { clientId: string; audience: string; scopes: string[] }[];
      audience: string;
      applied: Record<string, string>;
      exchangeAction: ActionContainer;
      exchangeSecrets: Record<string, string>;
      loginGuard: ActionContainer;
      loginGuardSecrets: Record<string, string>;
    },
  ) {
    this.m2m = parts.m2m;
    this.clients = parts.clients;
    this.grants = parts.grants;
    this.audience = parts.audience;
    this.applied = parts.applied;
    this.exchangeAction = parts.exchangeAction;
    this.exchangeSecrets = parts.exchangeSecrets;
    this.loginGuard = parts.loginGuard;
    this.loginGuardSecrets = parts.loginGuardSecrets;
    const connection = only(stack, "auth0_connection");
    const synthesized = (connection.values.options as { configuration: Record<string, string> }).configuration;
    this.configuration = {
      ...Object.fromEntries(Object.entries(synthesized).map(([key, value]) => [key, appliedString(value, parts.applied)])),
      [CONFIGURATION_KEYS.tokenUrl]: tokenEndpoint.tokenUrl,
      [CONFIGURATION_KEYS.facadeUrl]: facadeUrl,
      [CONFIGURATION_KEYS.facadeCertSha256]: synthesized[CONFIGURATION_KEYS.facadeCertSha256] === "" ? "" : facadeCertificate.sha256WithColons,
    };
  }

  /** The facade's HTTP server, when it runs in this process (not when it runs as the built artifact). */
  get facade(): FacadeServer {
    if (this.facadeServer === undefined) throw new Error("this tenant's facade runs as a separate process (the built artifact)");
    return this.facadeServer;
  }

  /** The example facade's in-memory store (not there when the facade is over a legacy database). */
  get store(): UserStore {
    if (this.exampleStore === undefined) throw new Error("this tenant's facade is over a legacy database, not the example's store");
    return this.exampleStore;
  }

  static async start(stack: SynthesizedStack, options: LocalTenantOptions = {}): Promise<LocalTenant> {
    // Imported only inside the test runner: benchmarks pass their own CA.
    const ca = options.ca ?? (await import("vitest")).inject("testCa");
    const resourceServer = only(stack, "auth0_resource_server");
    const m2mClient = only(stack, "auth0_client");
    const credentials = only(stack, "auth0_client_credentials");
    const audience = resourceServer.values.identifier as string;
    const publicKeys = registeredPublicKeys(credentials);
    if (publicKeys !== undefined && options.signingKey === undefined)
      throw new Error("a private_key_jwt stack needs the signing key (LocalTenantOptions.signingKey)");
    const m2m: RegisteredClient =
      publicKeys === undefined
        ? { clientId: clientId(), clientSecret: secret(), name: m2mClient.values.name as string }
        : { clientId: clientId(), publicKeys, name: m2mClient.values.name as string };
    const applied: Record<string, string> = {
      [`${resourceServer.address}.identifier`]: audience,
      [`${m2mClient.address}.client_id`]: m2m.clientId,
      ...(m2m.clientSecret === undefined
        ? { [`var.${SIGNING_KEY_VARIABLE}`]: options.signingKey as string }
        : { [`${credentials.address}.client_secret`]: m2m.clientSecret }),
    };
    const grants = stack.ofType("auth0_client_grant").map((grant) => ({
      clientId: appliedString(grant.values.client_id, applied),
      audience: appliedString(grant.values.audience, applied),
      scopes: grant.values.scopes as string[],
    }));
    const clients: RegisteredClient[] = [
      m2m,
      ...grants.filter((grant) => grant.clientId !== m2m.clientId).map((grant) => ({ clientId: grant.clientId, clientSecret: secret() })),
    ];

    const resolveSecrets = (values: Readonly<Record<string, unknown>>): Record<string, string> => {
      const list = (values.secrets_wo ?? values.secrets) as { name: string; value: string }[];
      return Object.fromEntries(list.map((entry) => [entry.name, appliedString(entry.value, applied)]));
    };
    const exchange = boundAction(stack, "credentials-exchange");
    const login = boundAction(stack, "post-login");
    const exchangeAction = new ActionContainer(exchange.code);
    const exchangeSecrets = resolveSecrets(exchange.values);

    const tokenEndpoint = await startTokenEndpoint({
      tls: await issueServerCertificate(ca, "tenant.test"),
      clients,
      grants,
      exchangeAction: { container: exchangeAction, secrets: exchangeSecrets },
      ...(options.legacyDatabase ? { issuer: "https://tenant.test/" } : {}),
      lifetimeSeconds: options.tokenLifetimeSeconds ?? (resourceServer.values.token_lifetime as number),
    });
    const approvedClientIds = exchangeSecrets[SECRET_NAMES.approvedClientIds].split(",");
    let served: { facade?: FacadeServer; url: string; certificate: TestCertificate; store?: UserStore; stop(): Promise<void> };
    if (options.legacyDatabase) {
      const caFile = join(mkdtempSync(join(tmpdir(), "auth0-tenant-ca-")), "tenant-ca.pem");
      writeFileSync(caFile, ca.cert);
      const edit = (settings: Record<string, any>) => {
        settings.auth0 = { domain: "tenant.test", audience, approvedClientIds, jwksUrl: tokenEndpoint.jwksUrl, jwksCaFile: caFile };
        options.facadeSettings?.(settings);
      };
      const config = options.legacyDatabase.configWith(edit);
      const cert = readFileSync(config.tls.certificateFile, "utf8");
      const sha256WithColons = new X509Certificate(cert).fingerprint256;
      const certificate = { cert, key: readFileSync(config.tls.keyFile, "utf8"), sha256WithColons, sha256: sha256WithColons.replace(/:/g, "").toLowerCase() };
      if (options.facadeArtifact !== undefined) {
        const file = options.legacyDatabase.writeConfig((settings) => {
          edit(settings);
          // Its service log says where it listens.
          settings.logLevel = "info";
        }, "facade-artifact.json");
        const running = await startFacadeProcess(options.facadeArtifact, file, options.legacyDatabase.env, options.audit);
        served = { url: running.url, certificate, stop: async () => void (await running.stop()) };
      } else {
        const running = await startFacade(config, options.legacyDatabase.env, options.audit ?? (() => undefined));
        served = { facade: running.server, url: running.url, certificate, stop: () => running.stop(0) };
      }
    } else {
      const facadeCertificate =
        options.facadeCertificate === "ca-issued"
          ? await issueServerCertificate(ca, "facade.test")
          : await createSelfSignedCertificate("facade.test", options.facadeCertificate === "self-signed-rsa" ? "rsa" : "ec");
      const store = new UserStore({ scryptCost: options.scryptCost ?? 1024 });
      const facade = createFacadeServer({ tls: facadeCertificate, store, issuer: tokenEndpoint.issuer, audience, keys: tokenEndpoint.keys, approvedClientIds });
      served = { facade, url: await facade.listen(), certificate: facadeCertificate, store, stop: () => facade.close() };
    }
    return new LocalTenant(stack, tokenEndpoint, served.facade, served.url, served.certificate, served.store, served.stop, {
      m2m,
      clients,
      grants,
      audience,
      applied,
      exchangeAction,
      exchangeSecrets,
      loginGuard: new ActionContainer(login.code),
      loginGuardSecrets: resolveSecrets(login.values),
    });
  }

  /** A warm container running the synthesized text of `script` with the resolved configuration. */
  /** Registers another client with the tenant, optionally with a grant for the facade. */
  registerClient(client: RegisteredClient, facadeScopes?: string[]): void {
    this.clients.push(client);
    if (facadeScopes) this.grants.push({ clientId: client.clientId, audience: this.audience, scopes: facadeScopes });
  }

  readonly container = (script: string, configuration: Record<string, string> = this.configuration, options?: ScriptContainerOptions): ScriptContainer => {
    const container = new ScriptContainer(scriptText(this.stack, script), configuration, options);
    this.containers.push(container);
    return container;
  };

  async close(): Promise<void> {
    for (const container of this.containers) container.close();
    await Promise.all([this.stopFacade(), this.tokenEndpoint.close()]);
  }
}
