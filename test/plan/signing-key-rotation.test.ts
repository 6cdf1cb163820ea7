import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadStages } from "../../lib/config/load-stages";
import { planHazards } from "../../lib/plan/plan-hazards";
import { parsePlan } from "../../lib/plan/terraform-plan";
import type { SynthesizedStack } from "../../lib/synthesized/synthesized-stack";
import { configFolder, exampleStage } from "../support/stage-files";
import { synthesizeExamples } from "../support/synthesized-examples";
import { type TerraformState, appliedState, planJson } from "../support/terraform-plans";

const CONNECTION = "auth0_connection.CustomDatabase_Connection_F257C256";
const keyPair = () =>
  generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
const A = keyPair();
const B = keyPair();

/** The dev stack registering `keys`; with `signing` the private key given to Terraform. */
function step(keys: Record<string, { publicKey: string }> | "client-secret", signing?: { privateKey: string }) {
  const stage = exampleStage("dev");
  if (keys !== "client-secret") {
    const entries = Object.entries(keys);
    const signingName = entries.find(([, key]) => key.publicKey === (signing === A ? A : B).publicKey)?.[0] ?? entries[0][0];
    stage.clientAuthentication = {
      method: "private-key-jwt",
      keys: entries.map(([name, key]) => ({ name, publicKey: key.publicKey })),
      signingKey: signingName,
    };
  }
  const stack: SynthesizedStack = synthesizeExamples(loadStages(configFolder({ "dev.json": stage }))).stacks.dev;
  const variables: Record<string, string> = signing === undefined ? {} : { facade_client_signing_key: signing.privateKey };
  return { stack, variables };
}

function hazardsFrom(prior: TerraformState, next: ReturnType<typeof step>) {
  const plan = parsePlan("plan.json", JSON.stringify(planJson(prior, next.stack, { variables: next.variables })));
  return planHazards(plan, { stackDir: "cdktf.out/stacks/dev" });
}

const applied = (at: ReturnType<typeof step>, prior?: TerraformState) => appliedState(at.stack, prior, { variables: at.variables });

describe("plan-check and the private_key_jwt signing key", () => {
  it("passes each of the three applies of a rotation: register the new key, sign with it, retire the old one", () => {
    const start = step({ a: A }, A);
    const register = step({ a: A, b: B }, A);
    const sign = step({ a: A, b: B }, B);
    const retire = step({ b: B }, B);
    const afterStart = applied(start);
    expect(hazardsFrom(afterStart, register)).toEqual([]);
    const afterRegister = applied(register, afterStart);
    expect(hazardsFrom(afterRegister, sign)).toEqual([]);
    const afterSign = applied(sign, afterRegister);
    expect(hazardsFrom(afterSign, retire)).toEqual([]);
  });

  it("refuses switching to a key registered in the same apply, and unregistering the key the scripts signed with until now", () => {
    const afterStart = applied(step({ a: A }, A));
    const [hazard] = hazardsFrom(afterStart, step({ b: B }, B));
    expect(hazard).toMatchObject({ address: CONNECTION, kind: "outage" });
    expect(hazard.change).toBe(
      "update: options.configuration.CLIENT_ASSERTION_KEY changes, and the new signing key is not registered on the client before this apply; the old signing key is unregistered in the same apply",
    );
    expect(hazard.instead[0]).toMatch(/^Rotate in three applies/);
  });

  it("refuses the switch from the client secret, which has no overlap, unless waived", () => {
    const hazards = hazardsFrom(applied(step("client-secret")), step({ a: A }, A));
    expect(hazards.map((hazard) => hazard.change)).toContainEqual(expect.stringContaining("switch from the client secret to private_key_jwt"));
  });
});
