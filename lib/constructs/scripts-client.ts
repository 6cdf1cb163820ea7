import { Construct } from "constructs";
import { TerraformVariable } from "cdktf";
import { Client } from "../../.gen/providers/auth0/client";
import { ClientCredentials } from "../../.gen/providers/auth0/client-credentials";
import { constructError } from "./construct-error";
import { SIGNING_KEY_VARIABLE, rsaPublicKeyFault } from "../config/stage-config";
import { AUTH0_ID_PATTERNS } from "../limits";
import type { ProtectedApi } from "./protected-api";

export interface ScriptsClientProps {
  readonly api: ProtectedApi;
  /** The application name shown in the Auth0 Dashboard. */
  readonly displayName: string;
  /** The scopes of `api` the custom database scripts call; nothing more is granted. */
  readonly scopes: readonly string[];
  /**
   * The M2M application as it already exists in the tenant: imported, with its
   * credentials and its facade grant, instead of created.
   * @default none: a new application is created
   */
  readonly adopt?: { readonly clientId: string; readonly grantId: string };
  /**
   * Auth0's token quota for the client's client-credentials tokens (tenants whose plan
   * has it). The scripts use one token per warm container per token lifetime.
   * @default none
   */
  readonly tokenQuota?: { readonly perHour?: number; readonly perDay?: number; readonly enforce: boolean };
  /**
   * How the scripts authenticate for tokens: the client secret (`client_secret_post`), or
   * private_key_jwt with one or two RSA public keys registered on the client (two while a
   * key is rotated); the scripts sign with the private key given as the sensitive variable
   * `facade_client_signing_key`.
   * @default { method: "client-secret" }
   */
  readonly authentication?: ClientAuthentication;
}

export type ClientAuthentication =
  | { readonly method: "client-secret" }
  | { readonly method: "private-key-jwt"; readonly publicKeys: readonly { readonly name: string; readonly pem: string }[] };

/** The Terraform variable that rotates the M2M client's secret (see docs/provider-hazards.md). */
export const CLIENT_SECRET_ROTATION_VARIABLE = "facade_client_secret";

/**
 * The machine-to-machine application the custom database scripts authenticate as:
 * client-credentials grant only, a client secret sent in the token request body, and a
 * grant for the facade with exactly the scopes the enabled scripts need.
 *
 * Auth0 generates the secret. Setting the `facade_client_secret` variable replaces it,
 * and Terraform then updates the connection configuration in the same apply, since it
 * reads the secret by reference: the rotation order is Terraform's, not a person's.
 */
export class ScriptsClient extends Construct {
  /** The client ID, by Terraform reference. */
  readonly clientId: string;
  /** The client secret, by Terraform reference (never a literal in the synthesized JSON); empty with private_key_jwt. */
  readonly clientSecret: string;
  /** The private key for client assertions, by reference to a sensitive variable; empty with a client secret. */
  readonly clientAssertionKey: string;

  constructor(scope: Construct, id: string, props: ScriptsClientProps) {
    super(scope, id);
    const quota = props.tokenQuota;
    if (quota !== undefined) {
      const limits = [quota.perHour, quota.perDay].filter((limit) => limit !== undefined);
      if (limits.length === 0 || limits.some((limit) => !Number.isInteger(limit) || (limit as number) < 1)) {
        throw constructError(this, "token-quota", `tokenQuota needs perHour, perDay or both, each a whole number of at least 1, got ${JSON.stringify(quota)}`);
      }
    }
    const client = new Client(this, "Client", {
      name: props.displayName,
      description: `Used only by the custom database scripts to call ${props.api.node.path}.`,
      appType: "non_interactive",
      grantTypes: ["client_credentials"],
      isFirstParty: true,
      oidcConformant: true,
      jwtConfiguration: { alg: "RS256" },
      ...(props.tokenQuota === undefined ? {} : { tokenQuota: { clientCredentials: { ...props.tokenQuota } } }),
    });
    const authentication = props.authentication ?? { method: "client-secret" };
    let credentials: ClientCredentials;
    if (authentication.method === "client-secret") {
      const rotation = new TerraformVariable(this, "ClientSecretRotation", {
        type: "string",
        sensitive: true,
        nullable: true,
        description: "Set only to rotate the secret of the facade's M2M client (48 or more characters); unset, the secret Auth0 holds is kept.",
      });
      rotation.overrideLogicalId(CLIENT_SECRET_ROTATION_VARIABLE);
      // Optional: unset means null, which leaves the provider's computed secret alone.
      // cdktf cannot synthesize a null default itself.
      rotation.addOverride("default", null);
      credentials = new ClientCredentials(this, "Credentials", {
        clientId: client.clientId,
        authenticationMethod: "client_secret_post",
        clientSecret: rotation.stringValue,
      });
      this.clientSecret = credentials.clientSecret;
      this.clientAssertionKey = "";
    } else {
      const keys = authentication.publicKeys;
      const names = keys.map((key) => key.name);
      const problems = keys.flatMap((key) => {
        const problem = rsaPublicKeyFault(key.pem);
        return problem === undefined ? [] : [`${key.name}: ${problem}`];
      });
      if (keys.length < 1 || keys.length > 2 || new Set(names).size !== names.length || problems.length > 0) {
        throw constructError(
          this,
          "signing-keys",
          `private_key_jwt needs 1 or 2 distinctly named RSA public keys of 2048 bits or more, got ${keys.length}${problems.length > 0 ? ` (${problems.join("; ")})` : ""}`,
        );
      }
      const signingKey = new TerraformVariable(this, "SigningKey", {
        type: "string",
        sensitive: true,
        nullable: false,
        description: "The PEM private key the custom database scripts sign client assertions with: the private half of the stage file's signing key.",
      });
      signingKey.overrideLogicalId(SIGNING_KEY_VARIABLE);
      credentials = new ClientCredentials(this, "Credentials", {
        clientId: client.clientId,
        authenticationMethod: "private_key_jwt",
        privateKeyJwt: { credentials: keys.map((key) => ({ name: key.name, credentialType: "public_key", pem: key.pem, algorithm: "RS256" })) },
      });
      this.clientSecret = "";
      this.clientAssertionKey = signingKey.stringValue;
    }
    props.api.grantAccess(this, "Grant", client.clientId, props.scopes, props.adopt?.grantId);
    if (props.adopt !== undefined) {
      if (!AUTH0_ID_PATTERNS.client.test(props.adopt.clientId)) {
        throw constructError(
          this,
          "adopt-client-id",
          `adopt.clientId must be a client ID (32 letters and digits), got ${JSON.stringify(props.adopt.clientId)}`,
        );
      }
      client.importFrom(props.adopt.clientId);
      credentials.importFrom(props.adopt.clientId);
    }
    this.clientId = client.clientId;
  }
}
