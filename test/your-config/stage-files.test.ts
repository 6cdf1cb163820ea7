import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../lib/input-error";
import { loadStages } from "../../lib/config/load-stages";
import type { StageConfig } from "../../lib/config/stage-config";
import { loadReviewInput } from "../../lib/review/review-input";
import { passes, reviewStage } from "../../lib/review/review-stage";
import { reviewResultLines } from "../../lib/review/review-stages";
import { stageReports } from "../../lib/review/report/stage-report";
import { synthesizeStages } from "../../lib/stacks/synthesize-stages";
import { SynthesizedStack } from "../../lib/synthesized/synthesized-stack";
import { formatSchemaProblem } from "../../lib/validation/schema-problem";
import { validateSynthesized } from "../../lib/validation/validate-synthesized";
import { LocalTenant } from "../support/local-tenant";
import { unmutatedSources } from "../support/synthesized-examples";

/*
 * Your stage files, whatever they hold: the rest of the suite tests the project with its
 * own fixtures (test/fixtures/stages), and this file checks that every stage in config/
 * is valid and safe. It fails exactly when one is not, naming the file and field.
 */

function loadYourStages(): { configs: readonly StageConfig[] } | { problem: string } {
  try {
    return { configs: loadStages() };
  } catch (error) {
    if (error instanceof InputError) return { problem: error.message };
    throw error;
  }
}

const loaded = loadYourStages();

describe("your stage files (config/)", () => {
  if ("problem" in loaded) {
    it("are valid", () => {
      expect.fail(loaded.problem);
    });
    return;
  }
  const { configs } = loaded;
  let outdir: string;
  let bundles: ReturnType<typeof synthesizeStages>;

  beforeAll(() => {
    outdir = join(mkdtempSync(join(tmpdir(), "auth0-facade-your-config-")), "cdktf.out");
    bundles = synthesizeStages(configs, { outdir, sourceRoot: unmutatedSources() });
  });

  it("synthesize into stacks that pass offline validation against the provider schema", () => {
    const validation = validateSynthesized(outdir);
    expect(validation.stages).toEqual(configs.map((config) => config.stage).sort());
    expect(validation.problems.map(formatSchemaProblem)).toEqual([]);
  });

  describe.each(configs.map((config) => [config.stage, config] as const))("%s", (stage, config) => {
    it("passes the security review (no unsuppressed error)", () => {
      const reviews = [reviewStage(loadReviewInput(outdir, config, bundles))];
      const lines = reviewResultLines(stageReports(reviews), outdir);
      expect(passes(reviews[0]), lines.join("\n")).toBe(true);
    });

    describe("logs a user in through its synthesized scripts, run as Auth0 runs them, against the reference facade", () => {
      let tenant: LocalTenant;
      const user = { email: `someone@${stage}.example`, password: "a passphrase long enough" };
      beforeAll(async () => {
        const facadeCertificate = config.facade.certificate.type === "ca-issued" ? "ca-issued" : "self-signed";
        tenant = await LocalTenant.start(SynthesizedStack.read(outdir, stage), { facadeCertificate });
        await tenant.store.add({ ...user, email_verified: true });
      });
      afterAll(() => tenant?.close());

      it("login returns the legacy profile for the right password and refuses a wrong one", async () => {
        const good = await tenant.container("login").call(user.email, user.password);
        expect(good.error).toBeNull();
        expect(good.results[0]).toMatchObject({ email: user.email });
        const wrong = await tenant.container("login").call(user.email, "not the password");
        expect(wrong.error).toMatchObject({ name: "WrongUsernameOrPasswordError" });
      });

      it("get_user finds the user", async () => {
        const { error, results } = await tenant.container("get_user").call(user.email);
        expect(error).toBeNull();
        expect(results[0]).toMatchObject({ email: user.email });
      });
    });
  });
});
