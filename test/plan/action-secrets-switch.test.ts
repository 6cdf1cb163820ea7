import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { loadStages } from "../../lib/config/load-stages";
import { checkPlan } from "../../lib/plan/plan-check";
import { parsePlan, type ResourceChange } from "../../lib/plan/terraform-plan";
import type { SynthesizedStack } from "../../lib/synthesized/synthesized-stack";
import { configFolder, exampleStage } from "../support/stage-files";
import { synthesizeExamples } from "../support/synthesized-examples";
import { appliedState, planJson, type StateResource, type TerraformState } from "../support/terraform-plans";

/**
 * A model of how auth0/auth0 v1.55.0 updates an Action's secrets
 * (internal/auth0/action/expand.go, expandAction): `secrets` is checked FIRST; only when
 * it did not change do `secrets_wo` (whose names the state keeps) or `secrets_wo_version`
 * count, and then the configured write-only values are sent. Nothing sent: Auth0 keeps
 * what it holds. The state keeps `secrets` from the configuration and, since the API
 * never returns them, an imported Action has none (flatten.go).
 */
type Secret = { readonly name: string; readonly value: unknown };
const entries = (value: unknown): Secret[] => (Array.isArray(value) ? (value as Secret[]) : []);
const asSet = (secrets: Secret[]) => new Set(secrets.map((secret) => JSON.stringify([secret.name, secret.value])));
const names = (value: unknown) => entries(value).map((secret) => secret.name);

function secretsTheProviderSends(change: ResourceChange, writeOnlyValues: readonly Secret[]): Secret[] | "nothing" {
  const before = change.change.before as Record<string, unknown>;
  const after = change.change.after as Record<string, unknown>;
  if (!isDeepStrictEqual(asSet(entries(before.secrets)), asSet(entries(after.secrets)))) return entries(after.secrets);
  const namesChanged = !isDeepStrictEqual(names(before.secrets_wo), names(after.secrets_wo));
  if (namesChanged || before.secrets_wo_version !== after.secrets_wo_version) {
    if (writeOnlyValues.length > 0) return [...writeOnlyValues];
    if (namesChanged) return [];
  }
  return "nothing";
}

type Stage = Record<string, any>;
function devStack(actionSecrets: "state" | "write-only"): SynthesizedStack {
  const stage: Stage = exampleStage("dev");
  stage.actionSecrets = actionSecrets;
  return synthesizeExamples(loadStages(configFolder({ "dev.json": stage }))).stacks.dev;
}

/** What Auth0 holds for each Action, as the state-mode apply left it. */
function secretsInAuth0(state: TerraformState): Map<string, Secret[]> {
  return new Map(
    [...state.values()].filter((resource) => resource.type === "auth0_action").map((resource) => [resource.address, entries(resource.values.secrets)]),
  );
}

/** Applies a plan's Action updates to what Auth0 holds, the way the provider would. */
function applyToAuth0(held: Map<string, Secret[]>, planned: ReturnType<typeof parsePlan>, writeOnly: ReadonlyMap<string, Secret[]>): Map<string, Secret[]> {
  const next = new Map(held);
  for (const change of planned.resource_changes ?? []) {
    if (change.type !== "auth0_action" || !change.change.actions.includes("update")) continue;
    const sent = secretsTheProviderSends(change, writeOnly.get(change.address) ?? []);
    if (sent !== "nothing") next.set(change.address, sent);
  }
  return next;
}

/** `terraform state rm` then `terraform import`: the Action comes back without secrets in state. */
function forgetAndImport(state: TerraformState, address: string): Map<string, StateResource> {
  const next = new Map(state);
  const action = next.get(address)!;
  next.set(address, { ...action, values: { ...action.values, secrets: [], secrets_wo: [], secrets_wo_version: null } });
  return next;
}

const planOf = (state: TerraformState, stack: SynthesizedStack) => parsePlan("plan.json", JSON.stringify(planJson(state, stack)));

describe("switching actionSecrets from state to write-only", () => {
  const writeOnlyStack = () => devStack("write-only");
  /** The values the write-only configuration sends: the ones the state-mode Actions hold. */
  const configured = (held: Map<string, Secret[]>) => new Map([...held].map(([address, secrets]) => [address, secrets]));

  it("in one apply would leave both guards with no secrets, and the next plan would see nothing to fix: the plan gate refuses it", () => {
    const inState = appliedState(devStack("state"));
    const held = secretsInAuth0(inState);
    expect([...held.values()].map((secrets) => secrets.length)).toEqual([2, 1]);

    const switching = planOf(inState, writeOnlyStack());
    const afterNaiveApply = applyToAuth0(held, switching, configured(held));
    expect([...afterNaiveApply.values()]).toEqual([[], []]);

    const refused = checkPlan(switching, { stackDir: "cdktf.out/stacks/dev" }, []).hazards.map((entry) => entry.hazard);
    expect(refused.map((hazard) => [hazard.address, hazard.kind, hazard.change])).toEqual([
      ["auth0_action.ExchangeGuard_Action_C256E679", "locks users out", "update: secrets (2) -> none, secrets_wo set"],
      ["auth0_action.LoginGuard_Action_1DEF15BE", "locks users out", "update: secrets (1) -> none, secrets_wo set"],
    ]);
    const id = inState.get("auth0_action.LoginGuard_Action_1DEF15BE")!.values.id;
    expect(refused[1].instead.slice(1)).toEqual([
      "terraform -chdir=cdktf.out/stacks/dev state rm 'auth0_action.LoginGuard_Action_1DEF15BE'   # forget the Action; Auth0 keeps it, secrets included",
      `terraform -chdir=cdktf.out/stacks/dev import 'auth0_action.LoginGuard_Action_1DEF15BE' '${id}'   # take it back: the state now holds no secrets`,
      "terraform -chdir=cdktf.out/stacks/dev apply   # the provider now sees secrets_wo as new and sends it",
    ]);

    // What the provider left in state: the emptied secrets and the write-only names and version.
    const stateAfterNaiveApply = appliedState(writeOnlyStack(), inState);
    const nextPlan = planOf(stateAfterNaiveApply, writeOnlyStack());
    expect(nextPlan.resource_changes!.filter((change) => change.type === "auth0_action").map((change) => change.change.actions)).toEqual([
      ["no-op"],
      ["no-op"],
    ]);
  });

  it("following the printed steps, the Actions keep their secrets at every moment and end with them, and the plan passes the gate", () => {
    const inState = appliedState(devStack("state"));
    const held = secretsInAuth0(inState);
    const imported = ["auth0_action.ExchangeGuard_Action_C256E679", "auth0_action.LoginGuard_Action_1DEF15BE"].reduce(
      (state: TerraformState, address) => forgetAndImport(state, address),
      inState,
    );
    // state rm and import change nothing in Auth0.
    const apply = planOf(imported, writeOnlyStack());
    expect(checkPlan(apply, { stackDir: "cdktf.out/stacks/dev" }, []).hazards).toEqual([]);
    const actions = apply.resource_changes!.filter((change) => change.type === "auth0_action");
    expect(actions.map((change) => secretsTheProviderSends(change, held.get(change.address)!))).toEqual([...held.values()]);
    const afterApply = applyToAuth0(held, apply, configured(held));
    expect(afterApply).toEqual(held);
    expect([...afterApply.values()].map((secrets) => secrets.map((secret) => secret.name))).toEqual([
      ["APPROVED_CLIENT_IDS", "FACADE_AUDIENCE"],
      ["FACADE_AUDIENCE"],
    ]);
  });
});
