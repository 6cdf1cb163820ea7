import { Construct } from "constructs";
import { ClientGrant } from "../../.gen/providers/auth0/client-grant";
import { ResourceServer } from "../../.gen/providers/auth0/resource-server";
import { ResourceServerScopes } from "../../.gen/providers/auth0/resource-server-scopes";
import { constructError } from "./construct-error";
import { AUTH0_ID_PATTERNS, TOKEN_LIFETIME_SECONDS } from "../limits";

export interface ApiScope {
  readonly name: string;
  readonly description: string;
}

export interface ProtectedApiProps {
  /** The API identifier: the `audience` clients ask tokens for. */
  readonly identifier: string;
  /** The name shown in the Auth0 Dashboard. */
  readonly displayName: string;
  /** Every scope the API defines; grants may only use these. */
  readonly scopes: readonly ApiScope[];
  /**
   * Access-token lifetime in seconds. Short, because a leaked facade token opens the
   * legacy user store until it expires.
   * @default 600
   */
  readonly tokenLifetimeSeconds?: number;
  /**
   * The API as it already exists in the tenant, by its ID (not its identifier URL):
   * imported, with its scopes, instead of created. The provider refuses to create the
   * scopes of an API that already has some.
   * @default none: a new API is created
   */
  readonly adoptResourceServerId?: string;
}

/**
 * The facade as an Auth0 API (resource server) that only machines may get tokens for:
 * users are denied outright (`deny_all`), and a client needs an explicit client grant
 * (`require_client_grant`). Auth0's tenant default lets any user flow that names the
 * audience get a token, which is the /authorize interception the seeds warn about.
 */
export class ProtectedApi extends Construct {
  /** The audience, by Terraform reference. */
  readonly identifier: string;
  readonly scopeNames: readonly string[];
  private readonly grantedClientIdList: string[] = [];
  private readonly resourceServer: ResourceServer;

  constructor(scope: Construct, id: string, props: ProtectedApiProps) {
    super(scope, id);
    const tokenLifetime = props.tokenLifetimeSeconds ?? TOKEN_LIFETIME_SECONDS.default;
    if (props.identifier.trim() === "") throw constructError(this, "empty-identifier", "identifier must not be empty");
    if (props.scopes.length === 0) throw constructError(this, "no-scopes", "an API without scopes cannot be granted anything");
    if (new Set(props.scopes.map((s) => s.name)).size !== props.scopes.length) {
      throw constructError(this, "duplicate-scopes", `scopes must be distinct, got ${props.scopes.map((s) => s.name).join(", ")}`);
    }
    if (!Number.isInteger(tokenLifetime) || tokenLifetime < TOKEN_LIFETIME_SECONDS.min || tokenLifetime > TOKEN_LIFETIME_SECONDS.max) {
      throw constructError(
        this,
        "token-lifetime-out-of-range",
        `tokenLifetimeSeconds must be a whole number from ${TOKEN_LIFETIME_SECONDS.min} to ${TOKEN_LIFETIME_SECONDS.max}, got ${tokenLifetime}`,
      );
    }

    this.resourceServer = new ResourceServer(this, "ResourceServer", {
      identifier: props.identifier,
      name: props.displayName,
      signingAlg: "RS256",
      tokenLifetime,
      tokenLifetimeForWeb: tokenLifetime,
      allowOfflineAccess: false,
      skipConsentForVerifiableFirstPartyClients: false,
      subjectTypeAuthorization: {
        user: { policy: "deny_all" },
        client: { policy: "require_client_grant" },
      },
    });
    const scopes = new ResourceServerScopes(this, "Scopes", {
      resourceServerIdentifier: this.resourceServer.identifier,
      scopes: props.scopes.map((s) => ({ name: s.name, description: s.description })),
    });
    if (props.adoptResourceServerId !== undefined) {
      if (!AUTH0_ID_PATTERNS.resourceServer.test(props.adoptResourceServerId)) {
        throw constructError(
          this,
          "adopt-resource-server-id",
          `adoptResourceServerId must be the API's ID (letters and digits), got ${JSON.stringify(props.adoptResourceServerId)}`,
        );
      }
      this.resourceServer.importFrom(props.adoptResourceServerId);
      // The scopes resource is imported by the API's identifier, not its ID.
      scopes.importFrom(props.identifier);
    }
    this.identifier = this.resourceServer.identifier;
    this.scopeNames = props.scopes.map((s) => s.name);
  }

  /** Client IDs (Terraform references) that hold a grant for this API. */
  get grantedClientIds(): readonly string[] {
    return this.grantedClientIdList;
  }

  /**
   * Grants a client exactly these scopes of the API, as a child of `scope`. The grant
   * names the audience by reference, so it cannot point at another API. `adoptGrantId`
   * imports a grant that already exists instead of creating one.
   */
  grantAccess(scope: Construct, id: string, clientId: string, scopes: readonly string[], adoptGrantId?: string): ClientGrant {
    const unknown = scopes.filter((name) => !this.scopeNames.includes(name));
    if (scopes.length === 0 || unknown.length > 0) {
      throw constructError(
        scope,
        "grant-scopes",
        `a grant needs scopes of ${this.node.path} (${this.scopeNames.join(", ")}), got ${scopes.length === 0 ? "none" : unknown.join(", ")}`,
      );
    }
    const grant = new ClientGrant(scope, id, {
      clientId,
      audience: this.resourceServer.identifier,
      scopes: [...scopes],
      subjectType: "client",
    });
    if (adoptGrantId !== undefined) {
      if (!AUTH0_ID_PATTERNS.clientGrant.test(adoptGrantId)) {
        throw constructError(scope, "adopt-grant-id", `a grant to adopt needs a client grant ID (cgr_...), got ${JSON.stringify(adoptGrantId)}`);
      }
      grant.importFrom(adoptGrantId);
    }
    this.grantedClientIdList.push(clientId);
    return grant;
  }
}
