import { createServer as createTcpServer } from "node:net";
import { createServer, request, type Agent } from "node:https";
import { connect, type TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPinnedAgent, createVerifiedAgent } from "../../scripts/shared/pinned-agent";
import { createSelfSignedCertificate, issueServerCertificate, type TestCertificate } from "../../examples/reference-facade/certificates";

let certificate: TestCertificate;
let server: ReturnType<typeof createServer>;
let port: number;

beforeAll(async () => {
  certificate = await createSelfSignedCertificate("pinned.test");
  server = createServer({ key: certificate.key, cert: certificate.cert }, (_, response) => response.end("ok"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A session ticket from the server, as a client that cached it would offer. */
function sessionFromServer(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port, ca: certificate.cert, checkServerIdentity: () => undefined });
    socket.once("session", (session: Buffer) => {
      socket.end();
      resolve(session);
    });
    socket.once("error", reject);
  });
}

function connectThroughAgent(pins: string[], extra: Record<string, unknown> = {}): Promise<TLSSocket> {
  const agent = createPinnedAgent(pins, 2000) as unknown as {
    createConnection(options: object, callback: (error: Error | null, socket?: TLSSocket) => void): void;
  };
  return new Promise((resolve, reject) =>
    agent.createConnection({ host: "127.0.0.1", port, servername: "", ...extra }, (error, socket) => (error ? reject(error) : resolve(socket!))),
  );
}

describe("the pinned agent", () => {
  it("connects when the certificate matches a pin", async () => {
    const socket = await connectThroughAgent([certificate.sha256]);
    expect(socket.getPeerCertificate().fingerprint256).toBe(certificate.sha256WithColons);
    socket.destroy();
  });

  it("never resumes an offered TLS session, so the pin is checked on a full handshake", async () => {
    const session = await sessionFromServer();
    const socket = await connectThroughAgent([certificate.sha256], { session });
    expect(socket.isSessionReused()).toBe(false);
    socket.destroy();
  });

  it("refuses a certificate that matches no pin, and refuses everything with no pins at all", async () => {
    await expect(connectThroughAgent(["0".repeat(64)])).rejects.toThrow("facade certificate matches no pinned SHA-256 fingerprint");
    await expect(connectThroughAgent([])).rejects.toThrow(/self.signed/);
  });

  it("gives up on a server that never finishes the handshake, after the handshake budget", async () => {
    const silent = createTcpServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const agent = createPinnedAgent([certificate.sha256], 300) as unknown as {
      createConnection(options: object, callback: (error: Error | null) => void): void;
    };
    const started = Date.now();
    const error = await new Promise<Error | null>((resolve) =>
      agent.createConnection({ host: "127.0.0.1", port: (silent.address() as { port: number }).port, servername: "" }, resolve),
    );
    expect(error?.message).toBe("facade TLS handshake timed out after 300 ms");
    expect(Date.now() - started).toBeLessThan(2000);
    silent.close();
  });
});

/** Sends `count` requests one after the other through `agent`; how many connections the server saw. */
async function connectionsFor(agent: Agent, count: number, tls: { key: string; cert: string }): Promise<number> {
  let connections = 0;
  const counting = createServer(tls, (_, response) => response.end("ok"));
  counting.on("secureConnection", () => connections++);
  await new Promise<void>((resolve) => counting.listen(0, "127.0.0.1", resolve));
  const port = (counting.address() as { port: number }).port;
  for (let i = 0; i < count; i++) {
    await new Promise<void>((resolve, reject) => {
      request(`https://127.0.0.1:${port}/`, { agent }, (response) => response.resume().on("end", resolve))
        .on("error", reject)
        .end();
    });
  }
  agent.destroy();
  counting.close();
  return connections;
}

describe("connection reuse", () => {
  it("keeps one pinned connection alive for many requests", async () => {
    expect(await connectionsFor(createPinnedAgent([certificate.sha256], 2000), 3, certificate)).toBe(1);
  });

  it("keeps one CA-verified connection alive for many requests", async () => {
    const tls = await issueServerCertificate(inject("testCa"), "verified.test");
    expect(await connectionsFor(createVerifiedAgent(), 3, tls)).toBe(1);
  });
});
