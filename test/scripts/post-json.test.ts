import { createServer, type Server } from "node:https";
import type { IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSelfSignedCertificate, type TestCertificate } from "../../examples/reference-facade/certificates";
import { createPinnedAgent } from "../../scripts/shared/pinned-agent";
import { postJson } from "../../scripts/shared/post-json";

let certificate: TestCertificate;
let server: Server;
let base: string;
const seen: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  certificate = await createSelfSignedCertificate("post-json.test");
  server = createServer({ key: certificate.key, cert: certificate.cert }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      seen.push({ path: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/**
 * A server that answers the first request of each connection and keeps it alive, then
 * reads the second request on that connection in full and drops the connection without
 * answering: the facade received it (and may have checked the password) and died.
 */
async function withDyingServer(use: (url: string, received: () => number) => Promise<void>): Promise<void> {
  let received = 0;
  const perSocket = new WeakMap<object, number>();
  const dying = createServer({ key: certificate.key, cert: certificate.cert }, (request, response) => {
    request.resume();
    request.on("end", () => {
      received++;
      const count = (perSocket.get(request.socket) ?? 0) + 1;
      perSocket.set(request.socket, count);
      if (count === 2) request.socket.destroy();
      else response.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => dying.listen(0, "127.0.0.1", resolve));
  try {
    await use(`https://127.0.0.1:${(dying.address() as { port: number }).port}`, () => received);
  } finally {
    dying.closeAllConnections();
    await new Promise<void>((resolve) => dying.close(() => resolve()));
  }
}

describe("postJson", () => {
  it("never re-sends a request that is not repeatable once it may have reached the server on a reused connection", async () => {
    await withDyingServer(async (url, received) => {
      const agent = createPinnedAgent([certificate.sha256], 2000);
      try {
        const target = new URL(`${url}/users/authenticate`);
        await postJson(target, agent, {}, { email: "a@example.com", password: "pw" }, Date.now() + 2000, false);
        await expect(postJson(target, agent, {}, { email: "a@example.com", password: "pw" }, Date.now() + 2000, false)).rejects.toThrow(
          /^POST \/users\/authenticate failed: the reused connection broke after the request was sent; not sent again \(/,
        );
        expect(received()).toBe(2);
      } finally {
        agent.destroy();
      }
    });
  });

  it("re-sends a repeatable request once, on a fresh connection, when a reused one breaks", async () => {
    await withDyingServer(async (url, received) => {
      const agent = createPinnedAgent([certificate.sha256], 2000);
      try {
        const target = new URL(`${url}/users/lookup`);
        await postJson(target, agent, {}, { email: "a@example.com" }, Date.now() + 2000, true);
        await expect(postJson(target, agent, {}, { email: "a@example.com" }, Date.now() + 2000, true)).resolves.toEqual({ status: 200, body: { ok: true } });
        expect(received()).toBe(3);
      } finally {
        agent.destroy();
      }
    });
  });

  it("sends JSON with its length and asks for JSON back", async () => {
    seen.length = 0;
    const agent = createPinnedAgent([certificate.sha256], 2000);
    const answer = await postJson(new URL(`${base}/users/lookup`), agent, { authorization: "Bearer t" }, { email: "é@example.com" }, Date.now() + 2000, true);
    agent.destroy();
    expect(answer).toEqual({ status: 200, body: { ok: true } });
    expect(seen[0].path).toBe("/users/lookup");
    expect(seen[0].body).toBe('{"email":"é@example.com"}');
    expect(seen[0].headers).toMatchObject({
      accept: "application/json",
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(seen[0].body)),
      authorization: "Bearer t",
    });
  });

  it("sends nothing once the time budget is spent", async () => {
    seen.length = 0;
    const agent = createPinnedAgent([certificate.sha256], 2000);
    await expect(postJson(new URL(`${base}/users/lookup`), agent, {}, {}, Date.now() - 1, true)).rejects.toThrow(
      "POST /users/lookup not sent: the time budget is spent",
    );
    agent.destroy();
    expect(seen).toEqual([]);
  });
});
