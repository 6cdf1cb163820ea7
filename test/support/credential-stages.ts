import { generateKeyPairSync } from "node:crypto";
import { loadStages } from "../../lib/config/load-stages";
import type { PlanContext } from "../../lib/plan/hazard";
import { planHazards } from "../../lib/plan/plan-hazards";
import { parsePlan, type TerraformPlan } from "../../lib/plan/terraform-plan";
import type { SynthesizedStack } from "../../lib/synthesized/synthesized-stack";
import { configFolder, exampleStage } from "./stage-files";
import { synthesizeExamples } from "./synthesized-examples";
import { type TerraformState, appliedState, planJson } from "./terraform-plans";

/**
 * The dev fixture stage with the scripts' credentials a team declares for one apply (the
 * stage file's clientAuthentication and the variables it plans with), and the plans and
 * states Terraform makes of a series of such applies.
 */

const keyPair = () =>
  generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
export const KEYS = { a: keyPair(), b: keyPair(), c: keyPair() };
type KeyName = keyof typeof KEYS;

/** What a team declares for one apply: the stage file's clientAuthentication and the variables it plans with. */
export interface Declared {
  readonly method: "client-secret" | "private-key-jwt";
  /** Registered keys, in the stage file's order (private-key-jwt). */
  readonly keys?: readonly ("a" | "b")[];
  /** The stage file's signingKey. */
  readonly signingKey?: "a" | "b";
  /** Whose private half TF_VAR_facade_client_signing_key holds. */
  readonly variable?: KeyName;
  /** TF_VAR_facade_client_secret, to rotate the client secret. */
  readonly newSecret?: string;
}

const stacks = new Map<string, SynthesizedStack>();
function stackFor(declared: Declared): SynthesizedStack {
  const stage = exampleStage("dev");
  if (declared.method === "private-key-jwt") {
    stage.clientAuthentication = {
      method: "private-key-jwt",
      keys: (declared.keys ?? []).map((name) => ({ name, publicKey: KEYS[name].publicKey })),
      signingKey: declared.signingKey,
    };
  }
  const key = JSON.stringify(stage.clientAuthentication ?? null);
  let stack = stacks.get(key);
  if (stack === undefined) {
    stack = synthesizeExamples(loadStages(configFolder({ "dev.json": stage }))).stacks.dev;
    stacks.set(key, stack);
  }
  return stack;
}

const variablesOf = (declared: Declared): Record<string, string> => ({
  ...(declared.method === "private-key-jwt" && declared.variable !== undefined ? { facade_client_signing_key: KEYS[declared.variable].privateKey } : {}),
  ...(declared.newSecret === undefined ? {} : { facade_client_secret: declared.newSecret }),
});

export const contextFor = (declared: Declared): PlanContext => ({
  stackDir: "cdktf.out/stacks/dev",
  stageFile: "config/dev.json",
  ...(declared.method === "private-key-jwt" && declared.signingKey !== undefined
    ? { signingKey: { name: declared.signingKey, publicKey: KEYS[declared.signingKey].publicKey } }
    : {}),
});

/** The plan `terraform show -json` prints for applying `declared` on top of `prior`. */
export function planOf(prior: TerraformState | undefined, declared: Declared): TerraformPlan {
  return parsePlan("plan.json", JSON.stringify(planJson(prior, stackFor(declared), { variables: variablesOf(declared) })));
}

export const hazardsOf = (prior: TerraformState | undefined, declared: Declared) => planHazards(planOf(prior, declared), contextFor(declared));
export const applied = (declared: Declared, prior?: TerraformState) => appliedState(stackFor(declared), prior, { variables: variablesOf(declared) });

export const pkjwt = (keys: ("a" | "b")[], signingKey: "a" | "b", variable: KeyName = signingKey): Declared => ({
  method: "private-key-jwt",
  keys,
  signingKey,
  variable,
});
