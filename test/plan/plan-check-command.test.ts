import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planCheckCommand } from "../../lib/cli/plan-check-command";
import { loadStages } from "../../lib/config/load-stages";
import { SynthesizedStack, type StackDocument } from "../../lib/synthesized/synthesized-stack";
import { configFolder, exampleStage } from "../support/stage-files";
import { synthesizeExamples } from "../support/synthesized-examples";
import { appliedState, planJson } from "../support/terraform-plans";
import { runCaptured } from "../support/captured-command";
import { KEYS } from "../support/credential-stages";

const CONNECTION = "auth0_connection.CustomDatabase_Connection_F257C256";
const REASON = "The facade no longer reads FACADE_TIMEOUT_MS, and Auth0 support removed it.";

/**
 * A config folder for dev (with `planWaivers`), its synthesized stack folder, and in it the
 * plan of an override that drops a configuration key.
 */
function planInStackFolder(planWaivers: unknown[] = []): { config: string; stackDir: string; planFile: string } {
  const stage = exampleStage("dev");
  const config = configFolder({ "dev.json": { ...stage, planWaivers } });
  const examples = synthesizeExamples(loadStages(config));
  const stack = examples.stacks.dev;
  const document = structuredClone(stack.document) as any;
  delete document.resource.auth0_connection.CustomDatabase_Connection_F257C256.options.configuration.FACADE_TIMEOUT_MS;
  const stackDir = join(examples.outdir, "stacks", "dev");
  const planFile = join(stackDir, "plan.json");
  writeFileSync(planFile, JSON.stringify(planJson(appliedState(stack), new SynthesizedStack("dev", document as StackDocument))));
  return { config, stackDir, planFile };
}

const run = (...args: string[]) => runCaptured(planCheckCommand, args);

describe("npm run plan-check", () => {
  it("prints each refusal in one screen: the address and construct, what the plan does, what it loses, the safe path and how to waive it", () => {
    const { config, stackDir, planFile } = planInStackFolder();
    const { code, out, err } = run(planFile, "--chdir", stackDir, "--config", config);
    expect(err).toEqual([]);
    expect(code).toBe(1);
    expect(out).toEqual([
      `plan-check ${planFile} (stage dev, Terraform 1.11.4)`,
      "",
      `REFUSED ${CONNECTION} (dev/CustomDatabase/Connection): apply fails`,
      "  plan:    update: options.configuration loses FACADE_TIMEOUT_MS",
      '  loses:   Auth0 still holds FACADE_TIMEOUT_MS: the provider fails this apply with "Unmanaged Configuration Secret", and every later one (secret rotation included) until the key is back',
      "  instead: Keep FACADE_TIMEOUT_MS in the configuration: the scripts ignore keys they do not read.",
      '           To retire a key, follow "Retiring a configuration key" in docs/provider-hazards.md.',
      `  waive:   --waive '${CONNECTION}' --because "<why this loss is intended>", or planWaivers in the stage file of dev`,
      "",
      "plan-check: do not apply this plan (1 refused)",
    ]);
  });

  it("takes the stage from the stack folder and its waivers from the stage file, and shows them", () => {
    const { config, stackDir, planFile } = planInStackFolder([{ address: CONNECTION, reason: REASON }]);
    const { code, out } = run(planFile, "--chdir", stackDir, "--config", config);
    expect(code).toBe(0);
    expect(out[2]).toBe(`WAIVED  ${CONNECTION} (dev/CustomDatabase/Connection): apply fails`);
    expect(out).toContain(`  waived:  ${JSON.stringify(REASON)} (${config}/dev.json planWaivers[0])`);
    expect(out.at(-1)).toBe("plan-check: passes, with 1 waived");
  });

  it("takes a waiver on the command line", () => {
    const { config, stackDir, planFile } = planInStackFolder();
    const { code, out } = run(planFile, "--chdir", stackDir, "--config", config, "--waive", CONNECTION, "--because", REASON);
    expect(code).toBe(0);
    expect(out).toContain(`  waived:  ${JSON.stringify(REASON)} (--waive)`);
  });

  it("fails on a waiver that matches nothing, naming it", () => {
    const { config, stackDir, planFile } = planInStackFolder([
      { address: CONNECTION, reason: REASON },
      { address: "auth0_client.FacadeClient_4960F1AA", reason: REASON },
    ]);
    const { code, out } = run(planFile, "--chdir", stackDir, "--config", config);
    expect(code).toBe(1);
    expect(out).toContain(
      `UNUSED  waiver for auth0_client.FacadeClient_4960F1AA (${config}/dev.json planWaivers[1]): it matches nothing in this plan; remove it, or the next loss at that address passes unseen`,
    );
    expect(out.at(-1)).toBe("plan-check: do not apply this plan (0 refused, 1 waived, 1 unused waiver(s))");
  });

  it("says when a plan deletes nothing and opens no outage window", () => {
    const examples = synthesizeExamples();
    const planFile = join(examples.outdir, "stacks", "dev", "plan-unchanged.json");
    writeFileSync(planFile, JSON.stringify(planJson(appliedState(examples.stacks.dev), examples.stacks.dev)));
    expect(run(planFile).out.at(-1)).toBe("plan-check: nothing in this plan deletes users, opens an outage window or breaks an apply");
  });

  it("refuses a stage it has no stage file for, when asked for one by name", () => {
    const { config, planFile } = planInStackFolder();
    const { code, err } = run(planFile, "--stage", "staging", "--config", config);
    expect(code).toBe(2);
    expect(err[0]).toMatch(/staging\.json: expected a stage file for the requested stage$/);
  });
});

describe("npm run plan-check and the stage file's signing key", () => {
  it("refuses a plan made with the old TF_VAR_facade_client_signing_key after the stage file moved signingKey to the new key", () => {
    const stage = exampleStage("dev");
    stage.clientAuthentication = {
      method: "private-key-jwt",
      keys: [
        { name: "a", publicKey: KEYS.a.publicKey },
        { name: "b", publicKey: KEYS.b.publicKey },
      ],
      signingKey: "b",
    };
    const config = configFolder({ "dev.json": stage });
    const examples = synthesizeExamples(loadStages(config));
    const stackDir = join(examples.outdir, "stacks", "dev");
    const planFile = join(stackDir, "plan.json");
    const withOldKey = { variables: { facade_client_signing_key: KEYS.a.privateKey } };
    writeFileSync(planFile, JSON.stringify(planJson(appliedState(examples.stacks.dev, undefined, withOldKey), examples.stacks.dev, withOldKey)));
    const { code, out } = run(planFile, "--chdir", stackDir, "--config", config);
    expect(code).toBe(1);
    expect(out).toContain(`  plan:    update: TF_VAR_facade_client_signing_key holds the private half of key "a", and signingKey is "b" in ${config}/dev.json`);
    expect(out).not.toContain(KEYS.a.privateKey.split("\n")[1]);
  });
});
