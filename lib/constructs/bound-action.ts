import { Construct } from "constructs";
import { Fn, Token } from "cdktf";
import { Action } from "../../.gen/providers/auth0/action";
import { TriggerAction } from "../../.gen/providers/auth0/trigger-action";
import type { Bundle } from "../bundling/bundle";
import { escapeTerraformTemplate } from "../bundling/terraform-template";
import { constructError } from "./construct-error";
import { AUTH0_ID_PATTERNS, MAX_ACTION_SECRETS } from "../limits";

/** How Action secrets reach Auth0. */
export type SecretsStorage = "write-only" | "state";

export interface BoundActionProps {
  /** The Action's name in the tenant. */
  readonly actionName: string;
  readonly trigger: { readonly id: string; readonly version: string };
  readonly bundle: Bundle;
  /** Secret values (literals or Terraform references), by name. */
  readonly secrets: Readonly<Record<string, string>>;
  /**
   * `write-only` sends secrets through `secrets_wo` (Terraform 1.11+), so their values
   * never reach the state; `state` uses `secrets`, kept in state in plain text.
   * @default "write-only"
   */
  readonly secretsStorage?: SecretsStorage;
  /**
   * An Action that already exists in the tenant, by ID: imported (with its binding to the
   * trigger) instead of created.
   * @default none: a new Action is created
   */
  readonly adoptActionId?: string;
}

/** Auth0 runs Actions on this runtime; node18 is deprecated. */
const ACTION_RUNTIME = "node22";

/**
 * A deployed Auth0 Action bound to its trigger with `auth0_trigger_action`, which adds
 * this one binding and leaves the other Actions the tenant binds there alone
 * (`auth0_trigger_actions` would own, and prune, the whole list).
 */
export class BoundAction extends Construct {
  readonly action: Action;

  constructor(scope: Construct, id: string, props: BoundActionProps) {
    super(scope, id);
    const names = Object.keys(props.secrets);
    if (names.length === 0 || names.length > MAX_ACTION_SECRETS) {
      throw constructError(this, "action-secrets-count", `an Action holds 1 to ${MAX_ACTION_SECRETS} secrets, got ${names.length}`);
    }
    const secrets = names.sort().map((name) => ({ name, value: props.secrets[name] }));
    const writeOnly = (props.secretsStorage ?? "write-only") === "write-only";

    this.action = new Action(this, "Action", {
      name: props.actionName,
      runtime: ACTION_RUNTIME,
      deploy: true,
      code: escapeTerraformTemplate(props.bundle.code),
      supportedTriggers: { id: props.trigger.id, version: props.trigger.version },
      ...(writeOnly ? { secretsWo: secrets, secretsWoVersion: secretsVersion(secrets) } : { secrets }),
    });
    const binding = new TriggerAction(this, "Binding", {
      trigger: props.trigger.id,
      actionId: this.action.id,
      displayName: props.actionName,
    });
    if (props.adoptActionId !== undefined) {
      if (!AUTH0_ID_PATTERNS.action.test(props.adoptActionId)) {
        throw constructError(this, "adopt-action-id", `adoptActionId must be an Action ID (a lowercase UUID), got ${JSON.stringify(props.adoptActionId)}`);
      }
      this.action.importFrom(props.adoptActionId);
      // The provider's import ID for one binding: <trigger>::<action ID>.
      binding.importFrom(`${props.trigger.id}::${props.adoptActionId}`);
    }
  }
}

/**
 * Terraform cannot see a write-only value change, so the provider resends secrets only
 * when `secrets_wo_version` changes. Deriving it from a hash of the values, in Terraform,
 * bumps it exactly when a value changes, even one only known at apply (a new client ID).
 * The hash lands in state: fine for the identifiers this project keeps in Action
 * secrets (an audience, client IDs), not for a low-entropy password.
 */
function secretsVersion(secrets: readonly { name: string; value: string }[]): number {
  // Values in name order; names are fixed by the Action's code, so only values vary.
  const material = Fn.join(
    "\n",
    secrets.map((secret) => secret.value),
  );
  return Token.asNumber(Fn.parseint(Fn.substr(Fn.sha256(material), 0, 12), 16));
}
