import { describe, expect, it } from "vitest";
import { counterpartClient, isOwnField, transplantOwnValues } from "../../lib/promote/own-values";

describe("the values each stage owns", () => {
  it("counts a field and everything below it as own, and nothing that only shares a prefix", () => {
    expect(isOwnField("tenant")).toBe(true);
    expect(isOwnField("tenant.domain")).toBe(true);
    expect(isOwnField("facade.certificate.sha256Pins")).toBe(true);
    expect(isOwnField("facade.timeoutMs")).toBe(false);
    expect(isOwnField("facade.urls")).toBe(false);
    expect(isOwnField("clientAuthentication.method")).toBe(false);
    expect(isOwnField("approvedClients")).toBe(false);
  });

  it("pairs approved clients across stages by description", () => {
    const dev = { approvedClients: [{ clientId: "dev-a", description: "Support console" }, "not a client"] };
    expect(counterpartClient({ clientId: "prod-a", description: "Support console" }, dev)).toEqual({ clientId: "dev-a", description: "Support console" });
    expect(counterpartClient({ clientId: "prod-b", description: "Reporting" }, dev)).toBeUndefined();
    expect(counterpartClient("not a client", dev)).toBeUndefined();
    expect(counterpartClient({ description: "Support console" }, { approvedClients: "none" })).toBeUndefined();
  });

  it("carries the other stage's own values over, removes own values it leaves unset, and keeps the rest", () => {
    const prod = {
      tenant: { domain: "prod.eu.auth0.com" },
      facade: { url: "https://prod-facade", timeoutMs: 5000, certificate: { type: "self-signed", sha256Pins: ["p"] } },
      backend: { type: "s3" },
      approvedClients: [
        { clientId: "prod-a", description: "Support console", scopes: ["users:read"] },
        { clientId: "prod-b", description: "Reporting", scopes: ["users:read"] },
      ],
    };
    const dev = {
      tenant: { domain: "dev.eu.auth0.com" },
      facade: { url: "https://dev-facade", timeoutMs: 3000, certificate: { type: "self-signed", sha256Pins: ["d"] } },
      approvedClients: [{ clientId: "dev-a", description: "Support console", scopes: [] }],
    };
    const { file, unpaired } = transplantOwnValues(prod, dev);
    expect(file).toEqual({
      tenant: { domain: "dev.eu.auth0.com" },
      facade: { url: "https://dev-facade", timeoutMs: 5000, certificate: { type: "self-signed", sha256Pins: ["d"] } },
      approvedClients: [
        { clientId: "dev-a", description: "Support console", scopes: ["users:read"] },
        { clientId: "prod-b", description: "Reporting", scopes: ["users:read"] },
      ],
    });
    expect(unpaired).toEqual(["Reporting"]);
    expect(prod.tenant.domain).toBe("prod.eu.auth0.com");
    (file.facade as { certificate: { sha256Pins: string[] } }).certificate.sha256Pins.push("x");
    expect(dev.facade.certificate.sha256Pins).toEqual(["d"]);
  });
});
