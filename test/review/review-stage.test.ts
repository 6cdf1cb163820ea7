import { describe, expect, it } from "vitest";
import { reviewStage } from "../../lib/review/review-stage";
import { exampleInputs, facadeApi, mutated } from "./support/review-inputs";

describe("reviewStage", () => {
  it("reviews a stack built in memory, without texts to take lines from", () => {
    const weakened = mutated(exampleInputs().dev, (document) => {
      facadeApi(document).subject_type_authorization.user.policy = "allow_all";
    });
    const { findings } = reviewStage({ ...weakened, texts: undefined });
    expect(findings.map((finding) => [finding.ruleId, finding.line])).toEqual([["api-users-deny-all", undefined]]);
  });
});
