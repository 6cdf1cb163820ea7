import { describe, expect, it } from "vitest";
import { ConfigError } from "../../lib/config/config-error";

describe("configuration errors", () => {
  it("are ConfigErrors by name, so a stack trace says what failed", () => {
    expect(new ConfigError([{ file: "config/dev.json", field: "", expected: "expected valid JSON" }]).name).toBe("ConfigError");
  });
});
