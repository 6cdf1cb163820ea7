import { SECRET_NAMES } from "../../contract/action-secrets";
import type { SynthesizedResource, SynthesizedStack } from "../synthesized/synthesized-stack";
import { asBoolean, asString } from "../synthesized/terraform-values";
import { triggerOfAction } from "./code-units";
import { isFacadeAudience } from "./facade-api";
import { attributeOf, readList, readValue, type ReadValue } from "./references";
import { tenantResources } from "./resources";
import type { StageInput } from "./stage-input";
import { asArray, asRecord, valueAt } from "./values";

/** The triggers the guards hold: a binding that owns either of them can drop or reorder the guard. */
export const GUARDED_TRIGGERS = ["credentials-exchange", "post-login"] as const;

export interface ActionSecret {
  readonly name: string;
  readonly value: unknown;
  /** `secrets_wo` (never in state) or `secrets` (in state in plain text). */
  readonly storage: "write-only" | "state";
}

export function actionSecrets(action: SynthesizedResource): ActionSecret[] {
  const read = (attribute: string, storage: ActionSecret["storage"]) =>
    (asArray(action.values[attribute]) ?? []).flatMap((entry) => {
      const secret = asRecord(entry);
      return secret && typeof secret.name === "string" ? [{ name: secret.name, value: secret.value, storage }] : [];
    });
  return [...read("secrets_wo", "write-only"), ...read("secrets", "state")];
}

function secretValue(action: SynthesizedResource, name: string): unknown {
  return actionSecrets(action).find((secret) => secret.name === name)?.value;
}

/** Bindings of an Action in the stage's tenant: `auth0_trigger_action`, or an entry of `auth0_trigger_actions`. */
export function bindingsOf(stack: SynthesizedStack, action: SynthesizedResource): { resource: SynthesizedResource; trigger: string | undefined }[] {
  const id = attributeOf(action, "id");
  const bindsIt = (value: unknown) => {
    const read = readValue(value);
    return read !== undefined && "reference" in read && read.reference === id;
  };
  const single = tenantResources(stack, "auth0_trigger_action").filter((binding) => bindsIt(binding.values.action_id));
  const lists = tenantResources(stack, "auth0_trigger_actions").filter((binding) =>
    (asArray(binding.values.actions) ?? []).some((entry) => bindsIt(asRecord(entry)?.id)),
  );
  return [...single, ...lists].map((resource) => ({ resource, trigger: asString(valueAt(resource.values, "trigger")) }));
}

/** How far an Action written for `trigger` is from guarding the facade. */
export interface GuardState {
  readonly action: SynthesizedResource;
  /** Whether its FACADE_AUDIENCE secret names the facade; `undefined` when unreadable. */
  readonly guardsFacade: boolean | undefined;
  /** `deploy` as Terraform reads it (`true` or "true"); `undefined` when unreadable. */
  readonly deployed: boolean | undefined;
  readonly boundToTrigger: boolean;
  readonly bindings: readonly { resource: SynthesizedResource; trigger: string | undefined }[];
}

/** The Actions of the stage's tenant written for `trigger` (live, on the tenant's provider). */
export function guardStates(input: StageInput, trigger: string): GuardState[] {
  return tenantResources(input.stack, "auth0_action")
    .filter((action) => triggerOfAction(action) === trigger)
    .map((action) => {
      const bindings = bindingsOf(input.stack, action);
      return {
        action,
        guardsFacade: isFacadeAudience(input, secretValue(action, SECRET_NAMES.facadeAudience)),
        deployed: asBoolean(valueAt(action.values, "deploy")),
        boundToTrigger: bindings.some((binding) => binding.trigger === trigger),
        bindings,
      };
    });
}

/** The Actions that fully guard the facade on `trigger`: right audience, deployed, bound. */
export function workingGuards(input: StageInput, trigger: string): GuardState[] {
  return guardStates(input, trigger).filter((state) => state.guardsFacade === true && state.deployed === true && state.boundToTrigger);
}

/** The clients an exchange guard approves (its APPROVED_CLIENT_IDS); `undefined` when missing or unreadable. */
export function approvedClients(action: SynthesizedResource): ReadValue[] | undefined {
  const value = secretValue(action, SECRET_NAMES.approvedClientIds);
  return value === undefined ? undefined : readList(value);
}
