import { describe, expect, it } from "vitest";
import { comparableFacts, differences } from "../../lib/review/compare-stages";
import type { StageSummary } from "../../lib/review/summary";

const summary = (overrides: Partial<StageSummary> = {}): StageSummary => ({
  stage: "dev",
  code: [],
  facadeApi: "https://facade.dev.example/ (dev/ProtectedApi/ResourceServer)",
  clientPolicy: "require_client_grant",
  clients: [
    { client: "dev/Z", role: "Z", scopes: ["users:read"], grant: "dev/Z/Grant", guard: "approved" },
    { client: "dev/A", role: "A", scopes: ["users:authenticate", "users:read"], grant: "dev/A/Grant", guard: "denied" },
  ],
  users: "u",
  connection: "c",
  applications: ["x", "y"],
  tls: { certificate: "self-signed", pins: ["p1"] },
  tokenLifetime: "600 s",
  actionSecrets: "none",
  scripts: "s",
  ...overrides,
});
const noFindings = { errors: 0, warnings: 0, suppressed: 0 };

describe("comparableFacts", () => {
  it("states each summary line without stage-specific names, clients sorted by role", () => {
    expect(comparableFacts(summary(), { errors: 2, warnings: 1, suppressed: 3 })).toEqual([
      { label: "clients with a facade grant", value: "A: users:authenticate, users:read (denied); Z: users:read (approved)" },
      { label: "client policy", value: "require_client_grant" },
      { label: "user tokens", value: "u" },
      { label: "applications on the connection", value: "2" },
      { label: "facade TLS", value: "self-signed, 1 pin" },
      { label: "token lifetime", value: "600 s" },
      { label: "Action secrets", value: "none" },
      { label: "scripts", value: "s" },
      { label: "review result", value: "2 errors, 1 warning, 3 suppressed" },
    ]);
  });

  it("says none, and counts pins, or says they are unreadable or absent", () => {
    const fact = (overrides: Partial<StageSummary>, label: string) =>
      comparableFacts(summary(overrides), noFindings).find((each) => each.label === label)?.value;
    expect(fact({ clients: [] }, "clients with a facade grant")).toBe("none");
    expect(fact({ tls: { certificate: "self-signed", pins: ["p1", "p2"] } }, "facade TLS")).toBe("self-signed, 2 pins");
    expect(fact({ tls: { certificate: "ca-issued", pins: [] } }, "facade TLS")).toBe("ca-issued, CA verification");
    expect(fact({ tls: { certificate: "self-signed", pins: undefined } }, "facade TLS")).toBe("self-signed, pins unreadable");
  });
});

describe("differences", () => {
  const facts = (value: string) => [
    { label: "same", value: "v" },
    { label: "varies", value },
  ];

  it("lists only what differs, with this stage's value first, and what another stage did not review", () => {
    const all = new Map([
      ["dev", facts("1")],
      ["qa", facts("1")],
      ["prod", [{ label: "same", value: "v" }]],
    ]);
    expect(differences("dev", all)).toEqual([
      {
        label: "varies",
        values: [
          { stage: "dev", value: "1" },
          { stage: "qa", value: "1" },
          { stage: "prod", value: "not reviewed" },
        ],
      },
    ]);
    expect(
      differences(
        "dev",
        new Map([
          ["dev", facts("1")],
          ["qa", facts("1")],
        ]),
      ),
    ).toEqual([]);
    expect(differences("staging", all)).toEqual([]);
  });
});
