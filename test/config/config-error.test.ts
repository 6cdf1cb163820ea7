import { describe, expect, it } from "vitest";
import { ConfigError, showValue } from "../../lib/config/config-error";

describe("configuration errors", () => {
  it("are ConfigErrors by name, so a stack trace says what failed", () => {
    expect(new ConfigError([{ file: "config/dev.json", field: "", expected: "expected valid JSON" }]).name).toBe("ConfigError");
  });

  it("show a found value up to 80 characters whole, and cut a longer one", () => {
    expect(showValue("a".repeat(78))).toBe(`"${"a".repeat(78)}"`);
    expect(showValue("a".repeat(79))).toBe(`"${"a".repeat(76)}...`);
  });
});
