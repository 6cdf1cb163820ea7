import { Construct } from "constructs";
import { Connection } from "../../.gen/providers/auth0/connection";
import { ConnectionClients } from "../../.gen/providers/auth0/connection-clients";
import type { ScriptName } from "../../contract/facade-contract";
import { CONFIGURATION_KEYS } from "../../contract/connection-configuration";
import type { Bundle } from "../bundling/bundle";
import { escapeTerraformTemplate } from "../bundling/terraform-template";
import { AUTH0_ID_PATTERNS, MAX_PINS, MAX_TIMEOUT_MS, MIN_TIMEOUT_MS } from "../limits";
import { constructError } from "./construct-error";

/** What the scripts read from the connection's `configuration`. */
export interface FacadeScriptSettings {
  readonly tokenUrl: string;
  /** By Terraform reference to the M2M client. */
  readonly clientId: string;
  /**
   * The client's credential, exactly one of the two set (the other empty): its secret by
   * Terraform reference to the M2M client's credentials, or the private key that signs
   * client assertions (private_key_jwt), by reference to a sensitive variable.
   */
  readonly clientSecret: string;
  readonly clientAssertionKey: string;
  readonly facadeUrl: string;
  /** By Terraform reference to the facade API. */
  readonly facadeAudience: string;
  /** Canonical SHA-256 pins (at most MAX_PINS); empty for a CA-issued facade certificate. */
  readonly certificatePins: readonly string[];
  /** The budget of one script run, from MIN_TIMEOUT_MS to MAX_TIMEOUT_MS. */
  readonly timeoutMs: number;
}

export interface CustomDatabaseProps {
  /**
   * The connection's `name`. The provider replaces the connection when it changes, and
   * deleting a connection deletes all its users: it must never change once deployed.
   */
  readonly connectionName: string;
  /**
   * The name users see on the login screen; changes in place.
   * @default Auth0's: the connection name
   */
  readonly displayName?: string;
  /** Bundled scripts by Auth0 script name; `login` and `get_user` are required. */
  readonly scripts: Readonly<Partial<Record<ScriptName, Bundle>>>;
  /** Lazy migration: only `login` and `get_user` run, users move into Auth0. */
  readonly importMode: boolean;
  readonly settings: FacadeScriptSettings;
  /** Client IDs of the applications whose users may log in with this connection. */
  readonly enabledClientIds: readonly string[];
  /**
   * The connection as it already exists in the tenant, by ID: imported, with its enabled
   * applications, instead of created (a new connection of the same name fails, and one of
   * another name starts over without the users). The first plan must change it in place:
   * `npm run plan-check -- --adoption` refuses anything else.
   * @default none: a new connection is created
   */
  readonly adoptConnectionId?: string;
}

/**
 * The custom database connection whose scripts call the facade. `options` is declared
 * in full because the provider replaces the whole object on update: any option left
 * out is reset, so brute-force protection and the sign-up switch are always explicit.
 *
 * The connection holds the tenant's users (in import mode, every user migrated so far),
 * so Terraform refuses any plan that would destroy it (`prevent_destroy`); a rename, a
 * removal from the stack or a `-replace` then needs a deliberate edit, never an accident.
 */
export class CustomDatabase extends Construct {
  readonly connectionId: string;

  constructor(scope: Construct, id: string, props: CustomDatabaseProps) {
    super(scope, id);
    const scriptNames = Object.keys(props.scripts) as ScriptName[];
    for (const required of ["login", "get_user"] as const) {
      if (!props.scripts[required]) throw constructError(this, "script-required", `the ${required} script is required`);
    }
    if (props.importMode && scriptNames.some((name) => name !== "login" && name !== "get_user")) {
      throw constructError(this, "import-mode-scripts", `import mode runs only login and get_user, got ${scriptNames.join(", ")}`);
    }
    if (props.enabledClientIds.length === 0) {
      throw constructError(this, "no-enabled-clients", "enable the connection for at least one application");
    }
    const { timeoutMs, certificatePins } = props.settings;
    if (!Number.isInteger(timeoutMs) || timeoutMs < MIN_TIMEOUT_MS || timeoutMs > MAX_TIMEOUT_MS) {
      throw constructError(
        this,
        "timeout-out-of-range",
        `settings.timeoutMs must be a whole number from ${MIN_TIMEOUT_MS} to ${MAX_TIMEOUT_MS}, got ${timeoutMs}`,
      );
    }
    if (certificatePins.length > MAX_PINS || certificatePins.some((pin) => !/^[0-9a-f]{64}$/.test(pin))) {
      throw constructError(
        this,
        "bad-pins",
        `settings.certificatePins must be at most ${MAX_PINS} canonical SHA-256 pins (64 lowercase hex digits), got ${certificatePins.length}`,
      );
    }

    const { settings } = props;
    if ((settings.clientSecret === "") === (settings.clientAssertionKey === "")) {
      throw constructError(this, "client-credential", "settings needs exactly one of clientSecret and clientAssertionKey (the other empty)");
    }
    const connection = new Connection(this, "Connection", {
      name: props.connectionName,
      ...(props.displayName === undefined ? {} : { displayName: props.displayName }),
      strategy: "auth0",
      lifecycle: { preventDestroy: true },
      options: {
        enabledDatabaseCustomization: true,
        importMode: props.importMode,
        customScripts: Object.fromEntries(scriptNames.sort().map((name) => [name, escapeTerraformTemplate(props.scripts[name]!.code)])),
        configuration: {
          [CONFIGURATION_KEYS.tokenUrl]: settings.tokenUrl,
          [CONFIGURATION_KEYS.clientId]: settings.clientId,
          [CONFIGURATION_KEYS.clientSecret]: settings.clientSecret,
          [CONFIGURATION_KEYS.clientAssertionKey]: settings.clientAssertionKey,
          [CONFIGURATION_KEYS.facadeUrl]: settings.facadeUrl,
          [CONFIGURATION_KEYS.facadeAudience]: settings.facadeAudience,
          [CONFIGURATION_KEYS.facadeCertSha256]: settings.certificatePins.join(","),
          [CONFIGURATION_KEYS.facadeTimeoutMs]: String(settings.timeoutMs),
        },
        bruteForceProtection: true,
        disableSignup: !props.scripts.create,
        requiresUsername: false,
        passwordPolicy: "good",
        passwordDictionary: { enable: true },
        passwordNoPersonalInfo: { enable: true },
      },
    });
    const enabledClients = new ConnectionClients(this, "EnabledClients", {
      connectionId: connection.id,
      enabledClients: [...props.enabledClientIds],
    });
    if (props.adoptConnectionId !== undefined) {
      if (!AUTH0_ID_PATTERNS.connection.test(props.adoptConnectionId)) {
        throw constructError(
          this,
          "adopt-connection-id",
          `adoptConnectionId must be a connection ID (con_...), got ${JSON.stringify(props.adoptConnectionId)}`,
        );
      }
      connection.importFrom(props.adoptConnectionId);
      enabledClients.importFrom(props.adoptConnectionId);
    }
    this.connectionId = connection.id;
  }
}
