import { describe, expect, it } from "vitest";
import { isBlocking, type Finding } from "../../lib/review/finding";

describe("isBlocking", () => {
  const finding = (severity: Finding["severity"], suppressed: boolean): Finding => ({
    ruleId: "r",
    severity,
    resource: { path: "p" },
    message: "m",
    threat: "t",
    fix: "f",
    file: "f.json",
    ...(suppressed ? { suppression: { reason: "why" } } : {}),
  });

  it("blocks on an open error only: never a warning, never a suppressed error", () => {
    expect(isBlocking(finding("error", false))).toBe(true);
    expect(isBlocking(finding("error", true))).toBe(false);
    expect(isBlocking(finding("warning", false))).toBe(false);
  });
});
