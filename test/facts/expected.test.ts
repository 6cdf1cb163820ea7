import { describe, expect, it } from "vitest";
import { expectedCode, expectedConfiguration } from "../../lib/facts/expected";
import { exampleInputs } from "../review/support/review-inputs";

const PINS = ["5e2b791c0a8fd463b79011e42a6cf83d9b05c17248aef61d833c57e09ab2644f", "a".repeat(64)];

describe("what the stage file implies", () => {
  it("is the configuration the scripts must read, both pins of a rotation comma-separated", () => {
    const input = exampleInputs().dev;
    const rotating = {
      ...input,
      config: { ...input.config, facade: { ...input.config.facade, certificate: { type: "self-signed" as const, sha256Pins: PINS } } },
    };
    expect(expectedConfiguration(rotating)).toEqual({
      TOKEN_URL: `https://${input.config.tenant.domain}/oauth/token`,
      FACADE_URL: input.config.facade.url,
      FACADE_CERT_SHA256: PINS.join(","),
      FACADE_TIMEOUT_MS: String(input.config.facade.timeoutMs),
    });
    const caIssued = { ...input, config: { ...input.config, facade: { ...input.config.facade, certificate: { type: "ca-issued" as const } } } };
    expect(expectedConfiguration(caIssued).FACADE_CERT_SHA256).toBe("");
  });

  it("is the bundle the repository builds for each script and each guarded trigger, and none for another trigger", () => {
    const input = exampleInputs().dev;
    expect(expectedCode(input, "script", "login")).toBe(input.bundles.scripts.login);
    expect(expectedCode(input, "action", "credentials-exchange")).toBe(input.bundles.actions["credentials-exchange"]);
    expect(expectedCode(input, "action", "post-login")?.sourceFile).toMatch(/^actions\//);
    expect(expectedCode(input, "action", "pre-user-registration")).toBeUndefined();
  });
});
