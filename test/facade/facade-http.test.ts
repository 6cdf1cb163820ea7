import { request } from "node:https";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { FACADE_OPERATIONS } from "../../contract/facade-contract";
import { MAX_REQUEST_BYTES } from "../../contract/facade-requests";
import { createSelfSignedCertificate, issueServerCertificate } from "../../examples/reference-facade/certificates";
import { type FacadeServer, type FacadeStore, createFacadeServer } from "../../facade/server";
import { type TokenEndpoint, startTokenEndpoint } from "../support/token-endpoint";

const CLIENT_ID = "Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk";
const AUDIENCE = "https://legacy-facade.test/";
const ADA = { user_id: "1", email: "ada@legacy.example", email_verified: true };

/** Raw HTTPS, so a test can send what no well-behaved client would. */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string; ca: string }): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: options.method ?? "POST", ca: options.ca, agent: false, headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: response.statusCode ?? 0, body: text === "" ? undefined : JSON.parse(text) });
      });
    });
    outgoing.on("error", reject);
    outgoing.end(options.body);
  });
}

/**
 * The facade's HTTP layer against requests no script sends: every body trick is refused
 * before the store is touched, with the contract's error code, and the token is checked
 * before the body is read.
 */
describe("the facade's HTTP contract", () => {
  let tokens: TokenEndpoint;
  let facade: FacadeServer;
  let url: string;
  let ca: string;
  const reached: string[] = [];
  const store: FacadeStore = {
    async authenticate(email) {
      reached.push(`authenticate ${email}`);
      return { kind: "authenticated", profile: ADA };
    },
    async lookup(email) {
      reached.push(`lookup ${email}`);
      return ADA;
    },
    async create(user) {
      reached.push(`create ${user.email} ${JSON.stringify(user.user_metadata ?? null)}`);
      return ADA;
    },
    verifyEmail: async () => true,
    changePassword: async () => true,
    remove: async () => "removed",
  };
  const token = () =>
    tokens.mint({
      iss: tokens.issuer,
      aud: AUDIENCE,
      azp: CLIENT_ID,
      gty: "client-credentials",
      scope: Object.values(FACADE_OPERATIONS)
        .map((operation) => operation.scope)
        .join(" "),
      exp: Math.floor(Date.now() / 1000) + 300,
    });
  const post = async (path: string, body: string, headers: Record<string, string> = { "content-type": "application/json" }) =>
    send(`${url}${path}`, { body, ca, headers: { authorization: `Bearer ${await token()}`, ...headers } });

  beforeAll(async () => {
    tokens = await startTokenEndpoint({ tls: await issueServerCertificate(inject("testCa"), "tenant.test"), clients: [], grants: [] });
    const tls = await createSelfSignedCertificate("facade.test");
    ca = tls.cert;
    facade = createFacadeServer({ tls, store, issuer: tokens.issuer, audience: AUDIENCE, keys: tokens.keys, approvedClientIds: [CLIENT_ID] });
    url = await facade.listen();
  });
  afterAll(async () => {
    await facade?.close();
    await tokens?.close();
  });

  it("serves every operation of the contract at its path, each behind a token", async () => {
    for (const operation of Object.values(FACADE_OPERATIONS)) {
      const answer = await send(`${url}${operation.path}`, { body: "{}", ca, headers: { "content-type": "application/json" } });
      expect([operation.path, answer]).toEqual([operation.path, { status: 401, body: { error: "invalid_token" } }]);
    }
  });

  it.each([
    ["not JSON", "email=ada@legacy.example", 400],
    ["a JSON array", '["ada@legacy.example", "pw"]', 400],
    ["a JSON string", '"ada@legacy.example"', 400],
    ["an empty body", "", 400],
    ["a number for the email (never coerced)", '{"email": 12345, "password": "pw"}', 400],
    ["an empty email", '{"email": "", "password": "pw"}', 400],
    ["no password", '{"email": "ada@legacy.example"}', 400],
    ["an email longer than the contract allows", JSON.stringify({ email: `${"a".repeat(511)}@x`, password: "pw" }), 400],
    ["a password longer than the contract allows", JSON.stringify({ email: "ada@legacy.example", password: "p".repeat(1025) }), 400],
    ["a __proto__ key", '{"email": "ada@legacy.example", "password": "pw", "__proto__": {"admin": true}}', 400],
    ["a constructor.prototype key", '{"email": "ada@legacy.example", "password": "pw", "constructor": {"prototype": {"admin": true}}}', 400],
    ["a body over the limit", JSON.stringify({ email: "ada@legacy.example", password: "p".repeat(MAX_REQUEST_BYTES) }), 413],
  ])("refuses %s with invalid_request before the store sees it", async (_, body, status) => {
    reached.length = 0;
    expect(await post("/users/authenticate", body)).toEqual({ status, body: { error: "invalid_request" } });
    expect(reached).toEqual([]);
  });

  it("refuses a body that is not declared JSON, and ignores fields the contract does not name", async () => {
    reached.length = 0;
    const body = JSON.stringify({ email: "ada@legacy.example", password: "pw" });
    expect(await post("/users/authenticate", body, { "content-type": "text/plain" })).toEqual({ status: 415, body: { error: "invalid_request" } });
    expect(reached).toEqual([]);
    expect((await post("/users/authenticate", JSON.stringify({ email: "ada@legacy.example", password: "pw", remember: true }))).status).toBe(200);
    expect(reached).toEqual(["authenticate ada@legacy.example"]);
  });

  it("passes user_metadata through only as an object", async () => {
    reached.length = 0;
    expect((await post("/users", JSON.stringify({ email: "new@legacy.example", password: "pw", user_metadata: "text" }))).status).toBe(400);
    expect((await post("/users", JSON.stringify({ email: "new@legacy.example", password: "pw", user_metadata: { plan: "gold" } }))).status).toBe(201);
    expect(reached).toEqual(['create new@legacy.example {"plan":"gold"}']);
  });

  it("answers a wrong method with 405 and an unknown path with 404, in the contract's error shape", async () => {
    expect(await send(`${url}/users/authenticate`, { method: "GET", ca })).toEqual({ status: 405, body: { error: "method_not_allowed" } });
    expect(await send(`${url}/users/everyone`, { body: "{}", ca })).toEqual({ status: 404, body: { error: "not_found" } });
  });

  it("checks the token before it reads the body: an oversized body from a caller without one gets 401", async () => {
    reached.length = 0;
    const answer = await send(`${url}/users/authenticate`, {
      body: JSON.stringify({ email: "ada@legacy.example", password: "p".repeat(4 * MAX_REQUEST_BYTES) }),
      ca,
      headers: { "content-type": "application/json" },
    });
    expect(answer).toEqual({ status: 401, body: { error: "invalid_token" } });
    expect(reached).toEqual([]);
  });
});
