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

describe("postJson", () => {
  it("sends JSON with its length and asks for JSON back", async () => {
    seen.length = 0;
    const agent = createPinnedAgent([certificate.sha256], 2000);
    const answer = await postJson(new URL(`${base}/users/lookup`), agent, { authorization: "Bearer t" }, { email: "é@example.com" }, Date.now() + 2000);
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
    await expect(postJson(new URL(`${base}/users/lookup`), agent, {}, {}, Date.now() - 1)).rejects.toThrow("POST /users/lookup not sent: the time budget is spent");
    agent.destroy();
    expect(seen).toEqual([]);
  });
});
