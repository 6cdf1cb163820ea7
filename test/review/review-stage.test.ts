import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stageReports } from "../../lib/review/report/stage-report";
import { reviewStage } from "../../lib/review/review-stage";
import { writeReports } from "../../lib/review/write-reports";
import { connectionConfiguration, exampleInputs, facadeApi, mutated } from "./support/review-inputs";

describe("reviewStage", () => {
  it("turns a rule that throws into an error finding on the stage, and runs the others", () => {
    const broken = mutated(exampleInputs().dev, (document) => {
      facadeApi(document).subject_type_authorization.user.policy = "allow_all";
    });
    // A config the constructs never build: the approved clients are not a list.
    const input = { ...broken, config: { ...broken.config, approvedClients: null as never } };
    const { findings } = reviewStage(input);
    const failed = findings.filter((finding) => finding.message.startsWith("the rule failed ("));
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]).toMatchObject({ severity: "error", resource: { path: "dev" }, fix: "Report this as a bug of the review, with the stack it failed on." });
    expect(failed[0].message).toMatch(/^the rule failed \(.+\), so the review cannot vouch for what it checks$/);
    expect(findings.map((finding) => finding.ruleId)).toContain("api-users-deny-all");
  });

  it("reviews a stack built in memory, without texts to take lines from", () => {
    const weakened = mutated(exampleInputs().dev, (document) => {
      facadeApi(document).subject_type_authorization.user.policy = "allow_all";
    });
    const { findings } = reviewStage({ ...weakened, texts: undefined });
    expect(findings.map((finding) => [finding.ruleId, finding.line])).toEqual([["api-users-deny-all", undefined]]);
  });
});

describe("credentials an override put in the stack", () => {
  it("are masked in findings and in every report written", () => {
    const input = mutated(exampleInputs().dev, (document) => {
      connectionConfiguration(document).FACADE_URL = "https://admin:hunter2@legacy-facade.dev.acme.example";
    });
    const review = reviewStage(input);
    const messages = review.findings.map((finding) => finding.message).join("\n");
    expect(messages).toContain('"https://***@legacy-facade.dev.acme.example"');
    expect(messages).not.toContain("hunter2");
    const dir = mkdtempSync(join(tmpdir(), "auth0-facade-masked-"));
    for (const file of writeReports(dir, stageReports([review]))) {
      for (const ext of [".md", ".json", ".sarif"]) expect(readFileSync(file.replace(/\.md$/, ext), "utf8")).not.toContain("hunter2");
    }
  });
});
