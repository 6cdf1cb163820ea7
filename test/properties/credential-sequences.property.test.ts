import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Declared, applied, hazardsOf } from "../support/credential-stages";
import type { TerraformState } from "../support/terraform-plans";

/**
 * The oracle, written apart from the plan gate: a simulation of one apply as the events
 * Terraform and Auth0 go through. The client's credentials update (C), the connection's
 * configuration updates (K), and the warm containers have all picked the new configuration
 * up (R, only after K). Every order the apply allows is tried; at every point, each
 * configuration a container holds must get a token from the client as it is then.
 */
type Accepts = { readonly method: "secret"; readonly secret: string } | { readonly method: "key"; readonly keys: readonly string[] };
type Presents = { readonly secret: string } | { readonly key: string };
interface World {
  readonly accepts: Accepts;
  readonly presents: Presents;
}

function worldOf(declared: Declared, secret: string): World {
  if (declared.method === "client-secret") return { accepts: { method: "secret", secret }, presents: { secret } };
  return { accepts: { method: "key", keys: declared.keys ?? [] }, presents: { key: declared.variable ?? "" } };
}

const getsToken = (presents: Presents, accepts: Accepts) =>
  "secret" in presents ? accepts.method === "secret" && accepts.secret === presents.secret : accepts.method === "key" && accepts.keys.includes(presents.key);

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

/** Whether no point of the apply from `was` to `next` leaves a container without a token. */
function applyIsSafe(was: World, next: World, nextUsesSecret: boolean): boolean {
  const events = [
    ...(JSON.stringify(was.accepts) !== JSON.stringify(next.accepts) ? ["C"] : []),
    ...(JSON.stringify(was.presents) !== JSON.stringify(next.presents) ? ["K", "R"] : []),
  ];
  const orders = permutations(events).filter(
    (order) =>
      order.indexOf("R") >= order.indexOf("K") && !(nextUsesSecret && order.includes("C") && order.includes("K") && order.indexOf("K") < order.indexOf("C")),
  );
  return orders.every((order) =>
    order.every((_, index) => {
      const done = new Set(order.slice(0, index + 1));
      const accepts = done.has("C") ? next.accepts : was.accepts;
      const held = !done.has("K") ? [was.presents] : done.has("R") ? [next.presents] : [was.presents, next.presents];
      return held.every((presents) => getsToken(presents, accepts));
    }),
  );
}

/** The oracle's verdict on a series of applies from a working start: the index of the first one it refuses, or -1. */
function firstRefusedStep(steps: readonly Declared[]): number {
  let secret = "initial";
  let world = worldOf(steps[0], secret);
  for (let index = 1; index < steps.length; index++) {
    const step = steps[index];
    if (step.method === "client-secret" && step.newSecret !== undefined) secret = step.newSecret;
    const next = worldOf(step, secret);
    const declaresItsKey = step.method === "client-secret" || step.variable === step.signingKey;
    if (!applyIsSafe(world, next, step.method === "client-secret") || !declaresItsKey) return index;
    world = next;
  }
  return -1;
}

const SECRETS = ["r".repeat(48), "s".repeat(48)];
const keyStep: fc.Arbitrary<Declared> = fc
  .constantFrom<("a" | "b")[]>(["a"], ["b"], ["a", "b"])
  .chain((keys) =>
    fc.record({
      method: fc.constant("private-key-jwt" as const),
      keys: fc.constant(keys),
      signingKey: fc.constantFrom(...keys),
      variable: fc.constantFrom<"a" | "b" | "c">("a", "b", "c"),
    }),
  )
  // Mostly plans made with the stage file's own key, as a careful team makes them.
  .chain((step) => fc.oneof({ weight: 3, arbitrary: fc.constant({ ...step, variable: step.signingKey }) }, { weight: 1, arbitrary: fc.constant(step) }));
const secretStep: fc.Arbitrary<Declared> = fc.record(
  { method: fc.constant("client-secret" as const), newSecret: fc.constantFrom(...SECRETS) },
  { requiredKeys: ["method"] },
);
const start: fc.Arbitrary<Declared> = fc.oneof(
  fc.constant<Declared>({ method: "client-secret" }),
  keyStep.map((step) => ({ ...step, variable: step.signingKey })),
);

describe("property: plan-check over a series of applies", () => {
  it("passes a series exactly when no apply leaves the scripts without a working credential at any moment", () => {
    fc.assert(
      fc.property(
        start,
        fc.array(fc.oneof({ weight: 3, arbitrary: keyStep }, { weight: 1, arbitrary: secretStep }), { minLength: 1, maxLength: 4 }),
        (first, rest) => {
          const steps = [first, ...rest];
          const expected = firstRefusedStep(steps);
          let state: TerraformState = applied(steps[0]);
          let refused = -1;
          for (let index = 1; index < steps.length && refused === -1; index++) {
            if (hazardsOf(state, steps[index]).length > 0) refused = index;
            else state = applied(steps[index], state);
          }
          expect(refused).toBe(expected);
        },
      ),
      { numRuns: 80 },
    );
  });
});
