import { guardStates } from "../facts/actions";
import { show } from "../facts/values";
import { resourceRef, stackRef, type Violation } from "./finding";
import type { ReviewInput } from "./review-input";

/**
 * What keeps the facade guard on `trigger` from running in the stage's tenant: no Action
 * for the facade audience, or one that is not deployed, or not bound to that trigger.
 * Actions that Terraform makes no instance of, or puts on another provider (another
 * tenant), do not count.
 */
export function guardBindingViolations(input: ReviewInput, trigger: string): Violation[] {
  const states = guardStates(input, trigger);
  const guards = states.filter((state) => state.guardsFacade === true);
  if (guards.length === 0) {
    const unreadable = states.filter((state) => state.guardsFacade === undefined);
    if (unreadable.length > 0) {
      return unreadable.map((state) => ({
        resource: resourceRef(state.action),
        message: `the ${trigger} Action's FACADE_AUDIENCE secret is missing or unreadable, so the review cannot tell that it guards the facade`,
      }));
    }
    const others = states.length === 0 ? "" : ` (${states.map((state) => state.action.path).join(", ")} guards another audience)`;
    return [
      {
        resource: stackRef(input.config.stage),
        message: `no ${trigger} Action of the stage's tenant guards the facade audience ${show(input.config.facade.audience)}${others}`,
      },
    ];
  }
  return guards.flatMap((guard) => {
    const problems: string[] = [];
    if (guard.deployed !== true) problems.push(`it is not deployed (deploy = ${show(guard.action.values.deploy)})`);
    if (!guard.boundToTrigger) {
      const elsewhere = guard.bindings.map((binding) => show(binding.trigger));
      problems.push(
        elsewhere.length === 0 ? `no binding of the stage's tenant binds it to ${trigger}` : `it is bound to ${elsewhere.join(", ")}, not to ${trigger}`,
      );
    }
    return problems.length === 0 ? [] : [{ resource: resourceRef(guard.action), message: `the ${trigger} guard never runs: ${problems.join(", and ")}` }];
  });
}
