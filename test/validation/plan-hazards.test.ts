import { describe, expect, it } from "vitest";
import { planHazards, type TerraformPlan } from "../../lib/validation/plan-hazards";

const DIR = "cdktf.out/stacks/prod";

/** A plan as `terraform show -json` prints it, reduced to what the check reads. */
function plan(...changes: [address: string, actions: string[], before: Record<string, unknown> | null][]): TerraformPlan {
  return { resource_changes: changes.map(([address, actions, before]) => ({ address, type: address.split(".")[0], change: { actions, before } })) };
}

const ACTION = "auth0_action.LoginGuard_Action_1DEF15BE";
const BINDING = "auth0_trigger_action.LoginGuard_Binding_E3CC0BF3";

describe("the plan check for removing an Action still bound to a trigger", () => {
  it("stops a plan that deletes an Action and its binding in one apply, with the two applies to run instead", () => {
    const hazards = planHazards(plan([BINDING, ["delete"], { action_id: "act-1", trigger: "post-login" }], [ACTION, ["delete"], { id: "act-1" }]), DIR);
    expect(hazards).toEqual([
      {
        address: ACTION,
        message: `this plan deletes ${ACTION} while ${BINDING} binds it: Auth0 refuses to delete a bound Action (HTTP 409) and the apply stops half-way`,
        steps: [`terraform -chdir=${DIR} apply -target='${BINDING}'`, `terraform -chdir=${DIR} apply`],
      },
    ]);
  });

  it("also catches a replaced Action, and a binding held by auth0_trigger_actions", () => {
    const hazards = planHazards(
      plan(["auth0_trigger_actions.PostLogin", ["update"], { actions: [{ id: "act-1" }, { id: "other" }] }], [ACTION, ["delete", "create"], { id: "act-1" }]),
      DIR,
    );
    expect(hazards.map((hazard) => hazard.steps[0])).toEqual([`terraform -chdir=${DIR} apply -target='auth0_trigger_actions.PostLogin'`]);
  });

  it("lets through plans that delete only unbound Actions, or change nothing", () => {
    expect(planHazards(plan([ACTION, ["delete"], { id: "act-1" }], [BINDING, ["no-op"], { action_id: "act-2" }]), DIR)).toEqual([]);
    expect(planHazards(plan([ACTION, ["update"], { id: "act-1" }], [BINDING, ["no-op"], { action_id: "act-1" }]), DIR)).toEqual([]);
    expect(planHazards({}, DIR)).toEqual([]);
  });
});
