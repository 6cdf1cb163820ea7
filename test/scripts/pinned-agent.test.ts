import { createServer } from "node:https";
import { connect, type TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPinnedAgent } from "../../scripts/shared/pinned-agent";
import { createSelfSignedCertificate, type TestCertificate } from "../../examples/reference-facade/certificates";

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
});
