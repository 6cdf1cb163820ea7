import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../lib/paths";
import { PACK, UNUSED_SUPPRESSION, ruleIds } from "../../lib/review/pack";
import type { ReviewInput } from "../../lib/review/review-input";
import { countFindings, passes, reviewStage } from "../../lib/review/review-stage";
import { exampleInputs } from "./support/review-inputs";

describe("the review pack", () => {
  it("runs exactly these rules, in this order (a rule cannot silently disappear)", () => {
    expect(ruleIds()).toEqual([
      "api-users-deny-all",
      "api-clients-require-grant",
      "api-as-declared",
      "facade-access-as-declared",
      "facade-clients-not-user-facing",
      "m2m-client-credentials-only",
      "secret-client-approved",
      "guard-approves-granted-clients",
      "exchange-guard-bound",
      "login-guard-bound",
      "guarded-triggers-owned",
      "action-runtime-node22",
      "connection-as-declared",
      "connection-brute-force-protection",
      "facade-pins",
      "action-secrets-write-only",
      "no-literal-secrets",
      "terraform-meta-arguments",
      "imports-as-declared",
      "code-matches-bundle",
      "code-size-limit",
      "code-modules-allowed",
      "code-no-process",
      "code-no-dynamic-code",
      "code-tls-verification",
      "code-https-only",
      "code-no-secret-logging",
      "code-no-embedded-secrets",
      "suppression-matches-finding",
    ]);
  });

  it("sets each rule's severity in one place: errors, except the two that open no access by themselves", () => {
    expect(PACK.filter((entry) => entry.severity === "warning").map((entry) => entry.rule.id)).toEqual(["secret-client-approved", "action-secrets-write-only"]);
    expect(UNUSED_SUPPRESSION.severity).toBe("error");
  });

  it("gives every rule an id a suppression can name, and a check, a threat and a fix in words", () => {
    for (const { rule } of PACK) {
      expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      for (const text of [rule.checks, rule.threat, rule.fix]) expect(text.length, `${rule.id}`).toBeGreaterThan(30);
    }
  });

  it("is the rule table of docs/review.md: every rule, in order, with its severity", () => {
    const readme = readFileSync(join(PROJECT_ROOT, "docs/review.md"), "utf8");
    const rows = readme
      .slice(readme.indexOf("| Rule | Severity | What it checks |"))
      .split("\n")
      .slice(2)
      .filter((_, index, lines) => lines.slice(0, index + 1).every((row) => row.startsWith("| `")));
    expect(rows.map((row) => row.split(" | ").slice(0, 2).join(" | "))).toEqual(
      [...PACK, { rule: { id: UNUSED_SUPPRESSION.id }, severity: UNUSED_SUPPRESSION.severity }].map(({ rule, severity }) => `| \`${rule.id}\` | ${severity}`),
    );
  });

  it("has a failing-case test for every rule", () => {
    const dir = join(__dirname, "rules");
    const tests = readdirSync(dir)
      .map((name) => readFileSync(join(dir, name), "utf8"))
      .join("\n");
    for (const { rule } of PACK) expect(tests, rule.id).toMatch(new RegExp(`describe\\("${rule.id}"[\\s\\S]*?it\\("catches`));
  });
});

describe("the example stages", () => {
  let examples: Record<"dev" | "prod", ReviewInput>;
  beforeEach(() => {
    examples = exampleInputs();
  });

  it.each(["dev", "prod"] as const)("%s passes clean: no finding, nothing suppressed", (stage) => {
    const review = reviewStage(examples[stage]);
    expect(review.findings).toEqual([]);
    expect(countFindings(review.findings)).toEqual({ errors: 0, warnings: 0, suppressed: 0 });
    expect(passes(review)).toBe(true);
    expect(examples[stage].config.suppressions).toEqual([]);
  });
});
