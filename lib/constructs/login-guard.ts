import { Construct } from "constructs";
import { SECRET_NAMES } from "../../contract/action-secrets";
import type { Bundle } from "../bundling/bundle";
import { BoundAction, type SecretsStorage } from "./bound-action";
import type { ProtectedApi } from "./protected-api";

export interface LoginGuardProps {
  readonly api: ProtectedApi;
  readonly actionName: string;
  /** The bundled `actions/post-login-guard`. */
  readonly bundle: Bundle;
  /** @default "write-only" */
  readonly secretsStorage?: SecretsStorage;
  /** The existing guard Action to import, by ID. @default none: a new one is created */
  readonly adoptActionId?: string;
}

/**
 * The user-flow half: a `post-login` Action that denies any login asking for the API's
 * audience. Defence in depth behind the API's `deny_all` user policy, for the
 * intercepted-/authorize attack, where the credentials-exchange guard never runs.
 */
export class LoginGuard extends Construct {
  constructor(scope: Construct, id: string, props: LoginGuardProps) {
    super(scope, id);
    new BoundAction(this, "Guard", {
      actionName: props.actionName,
      trigger: { id: "post-login", version: "v3" },
      bundle: props.bundle,
      secretsStorage: props.secretsStorage,
      adoptActionId: props.adoptActionId,
      secrets: { [SECRET_NAMES.facadeAudience]: props.api.identifier },
    });
  }
}
