import { SECRET_NAMES } from "../../../actions/shared/secrets";
import type { SynthesizedResource, SynthesizedStack } from "../../synthesized/synthesized-stack";
import type { ReviewInput } from "../review-input";
import { asArray, asRecord, dig } from "../values";
import { isFacadeAudience } from "./facade-api";
import { attributeOf, readList, readValue, type ReadValue } from "./references";

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

export function secretValue(action: SynthesizedResource, name: string): unknown {
  return actionSecrets(action).find((secret) => secret.name === name)?.value;
}

/** The trigger an Action is written for (`supported_triggers.id`). */
export function triggerOf(action: SynthesizedResource): unknown {
  return dig(action.values, "supported_triggers", "id");
}

/** Bindings of an Action: `auth0_trigger_action`, or an entry of `auth0_trigger_actions`. */
export function bindingsOf(stack: SynthesizedStack, action: SynthesizedResource): { resource: SynthesizedResource; trigger: unknown }[] {
  const id = attributeOf(action, "id");
  const bindsIt = (value: unknown) => {
    const read = readValue(value);
    return read !== undefined && "reference" in read && read.reference === id;
  };
  const single = stack.ofType("auth0_trigger_action").filter((binding) => bindsIt(binding.values.action_id));
  const lists = stack
    .ofType("auth0_trigger_actions")
    .filter((binding) => (asArray(binding.values.actions) ?? []).some((entry) => bindsIt(asRecord(entry)?.id)));
  return [...single, ...lists].map((resource) => ({ resource, trigger: resource.values.trigger }));
}

/** How far an Action written for `trigger` is from guarding the facade. */
export interface GuardState {
  readonly action: SynthesizedResource;
  /** Whether its FACADE_AUDIENCE secret names the facade; `undefined` when unreadable. */
  readonly guardsFacade: boolean | undefined;
  readonly deployed: boolean;
  readonly boundToTrigger: boolean;
  readonly bindings: readonly { resource: SynthesizedResource; trigger: unknown }[];
}

export function guardStates(input: ReviewInput, trigger: string): GuardState[] {
  return input.stack
    .ofType("auth0_action")
    .filter((action) => triggerOf(action) === trigger)
    .map((action) => {
      const bindings = bindingsOf(input.stack, action);
      return {
        action,
        guardsFacade: isFacadeAudience(input, secretValue(action, SECRET_NAMES.facadeAudience)),
        deployed: action.values.deploy === true,
        boundToTrigger: bindings.some((binding) => binding.trigger === trigger),
        bindings,
      };
    });
}

/** The Actions that fully guard the facade on `trigger`: right audience, deployed, bound. */
export function workingGuards(input: ReviewInput, trigger: string): GuardState[] {
  return guardStates(input, trigger).filter((state) => state.guardsFacade === true && state.deployed && state.boundToTrigger);
}

/** The clients an exchange guard approves (its APPROVED_CLIENT_IDS); `undefined` when missing or unreadable. */
export function approvedClients(action: SynthesizedResource): ReadValue[] | undefined {
  const value = secretValue(action, SECRET_NAMES.approvedClientIds);
  return value === undefined ? undefined : readList(value);
}
