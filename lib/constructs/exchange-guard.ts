import { Construct } from "constructs";
import { Fn } from "cdktf";
import { SECRET_NAMES } from "../../contract/action-secrets";
import type { Bundle } from "../bundling/bundle";
import { BoundAction, type SecretsStorage } from "./bound-action";
import { constructError } from "./construct-error";
import type { ProtectedApi } from "./protected-api";

export interface ExchangeGuardProps {
  readonly api: ProtectedApi;
  readonly actionName: string;
  /** The bundled `actions/credentials-exchange`. */
  readonly bundle: Bundle;
  /** @default "write-only" */
  readonly secretsStorage?: SecretsStorage;
  /** The existing guard Action to import, by ID. @default none: a new one is created */
  readonly adoptActionId?: string;
}

/**
 * The client-credentials half of "only approved clients get facade tokens": a
 * `credentials-exchange` Action that denies every client without a grant for the API.
 * The approved list is the API's grants, so the Action and the grants cannot
 * disagree; create the guard after every grant (a later grant fails validation).
 */
export class ExchangeGuard extends Construct {
  constructor(scope: Construct, id: string, props: ExchangeGuardProps) {
    super(scope, id);
    const approved = [...props.api.grantedClientIds];
    new BoundAction(this, "Guard", {
      actionName: props.actionName,
      trigger: { id: "credentials-exchange", version: "v2" },
      bundle: props.bundle,
      secretsStorage: props.secretsStorage,
      adoptActionId: props.adoptActionId,
      secrets: {
        [SECRET_NAMES.facadeAudience]: props.api.identifier,
        [SECRET_NAMES.approvedClientIds]: Fn.join(",", approved),
      },
    });
    if (approved.length === 0) {
      throw constructError(this, "guard-before-grants", `${props.api.node.path} grants no client yet: create the guard after the grants`);
    }
    this.node.addValidation({
      validate: () =>
        props.api.grantedClientIds.length === approved.length
          ? []
          : [constructError(this, "grant-after-guard", `${props.api.node.path} gained grants after the guard was created; they would be denied`).message],
    });
  }
}
