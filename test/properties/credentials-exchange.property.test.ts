import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { ActionContainer } from "../support/auth0-sandbox";
import { boundAction, synthesizeExamples } from "../support/synthesized-examples";

const AUDIENCE = "https://legacy-facade.example/";
const CLIENT_ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-".split("");

let guard: ActionContainer;
beforeAll(() => {
  guard = new ActionContainer(boundAction(synthesizeExamples().stacks.dev, "credentials-exchange").code);
});

const clientId = fc.string({ unit: fc.constantFrom(...CLIENT_ID_CHARS), minLength: 1, maxLength: 40 });
/** An entry as a person or a pipeline might write it: padded, or blank. */
const entry = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom("", " ", "\t", "  "), clientId, fc.constantFrom("", " ", "\n")).map(([a, id, b]) => `${a}${id}${b}`) },
  { weight: 1, arbitrary: fc.constantFrom("", " ", "not a client", "a,b".slice(1), "é", "abc\u0000") },
);
const approvedList = fc.array(entry, { maxLength: 12 }).map((entries) => entries.join(","));
const audienceSecret = fc.oneof(fc.constant(AUDIENCE), fc.constant(` ${AUDIENCE} `), fc.constant(""), fc.constant(undefined));

/** What the guard must do, written independently of its code. */
function mustAllow(list: string, audience: string | undefined, client: string): boolean {
  if (audience === undefined || audience.trim() === "") return false;
  const entries = list.split(",").map((item) => item.trim());
  if (entries.some((item) => !/^[A-Za-z0-9_-]{1,128}$/.test(item))) return false;
  return entries.includes(client);
}

/** The Management API audience, as Auth0 names it: `https://<tenant host>/api/v2/`, nothing else. */
function isManagementApi(audience: string): boolean {
  const match = /^https:\/\/([^/]+)\/api\/v2\/$/.exec(audience);
  if (!match) return false;
  const labels = match[1].split(".");
  return labels.length >= 2 && labels.every((label) => /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(label));
}

const host = fc.array(fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/), { minLength: 1, maxLength: 4 }).map((labels) => labels.join("."));
/** Audiences near the Management API's shape, and others. */
const anyAudience = fc.oneof(
  host.map((name) => `https://${name}/api/v2/`),
  fc.tuple(host, fc.constantFrom("/api/v2", "/api/v2/x", "/api/v1/", "//api/v2/", "/API/v2/")).map(([name, path]) => `https://${name}${path}`),
  host.map((name) => `http://${name}/api/v2/`),
  fc.constant(AUDIENCE),
  fc.string(),
);

describe("property: the credentials-exchange guard", () => {
  it("while its secrets are broken, denies every audience but the tenant's Management API, so the facade stays closed and Terraform can log in", async () => {
    const brokenSecrets = fc.oneof(
      fc.constant(undefined),
      fc.record({ APPROVED_CLIENT_IDS: approvedList }),
      fc.record({ FACADE_AUDIENCE: fc.constantFrom("", " ", AUDIENCE), APPROVED_CLIENT_IDS: fc.constantFrom("", ",", "a,,b", "not a client") }),
    );
    await fc.assert(
      fc.asyncProperty(brokenSecrets, anyAudience, clientId, async (secrets, audience, client) => {
        const { denies } = await guard.run("onExecuteCredentialsExchange", {
          client: { client_id: client },
          resource_server: { identifier: audience },
          secrets,
        });
        expect(denies.length === 0).toBe(isManagementApi(audience));
      }),
      { numRuns: 2000 },
    );
  });

  it("never lets a client outside the approved list get a facade token, whatever the secrets look like", async () => {
    await fc.assert(
      fc.asyncProperty(approvedList, audienceSecret, fc.oneof(clientId, fc.constant("")), async (list, audience, client) => {
        const { denies } = await guard.run("onExecuteCredentialsExchange", {
          client: { client_id: client },
          resource_server: { identifier: AUDIENCE },
          secrets: { APPROVED_CLIENT_IDS: list, ...(audience === undefined ? {} : { FACADE_AUDIENCE: audience }) },
        });
        expect(denies.length === 0).toBe(mustAllow(list, audience, client));
      }),
      { numRuns: 2000 },
    );
  });

  it("matches client IDs exactly: another case, a prefix or padding is another client", async () => {
    await fc.assert(
      fc.asyncProperty(
        clientId.filter((id) => id.toLowerCase() !== id.toUpperCase()),
        async (approved) => {
          for (const impostor of [approved.toLowerCase(), approved.toUpperCase(), `${approved}x`, approved.slice(1)].filter((id) => id !== approved)) {
            const { denies } = await guard.run("onExecuteCredentialsExchange", {
              client: { client_id: impostor },
              resource_server: { identifier: AUDIENCE },
              secrets: { APPROVED_CLIENT_IDS: approved, FACADE_AUDIENCE: AUDIENCE },
            });
            expect(denies).toHaveLength(1);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("never touches a token request for another audience while its secrets are sound", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(clientId, { minLength: 1, maxLength: 5 }),
        clientId,
        fc.string({ minLength: 1 }).filter((a) => a !== AUDIENCE),
        async (ids, client, audience) => {
          const { denies } = await guard.run("onExecuteCredentialsExchange", {
            client: { client_id: client },
            resource_server: { identifier: audience },
            secrets: { APPROVED_CLIENT_IDS: ids.join(","), FACADE_AUDIENCE: AUDIENCE },
          });
          expect(denies).toEqual([]);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
