/**
 * The ceiling for the hot path: plain HTTPS requests on loopback to a server that does
 * nothing, on one kept-alive connection versus a new agent (TCP and TLS handshake) per
 * request, with the same pinned self-signed certificate. What connection reuse alone buys.
 */
import { Agent, createServer, request } from "node:https";
import { createSelfSignedCertificate } from "../examples/reference-facade/certificates";

const DURATION_MS = 1500;

function post(url: string, agent: Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: "POST", agent }, (response) => {
      response.resume();
      response.on("end", () => resolve());
    });
    outgoing.on("error", reject);
    outgoing.end("{}");
  });
}

async function requestsPerSecond(url: string, agentFor: () => Agent): Promise<number> {
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < DURATION_MS) {
    const agent = agentFor();
    await post(url, agent);
    count++;
  }
  return (count / (performance.now() - started)) * 1000;
}

export async function measureRawHttps(): Promise<{ keepAlive: number; newAgentPerRequest: number }> {
  const certificate = await createSelfSignedCertificate("raw.test", "rsa");
  const server = createServer({ key: certificate.key, cert: certificate.cert }, (_, response) => response.writeHead(204).end());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `https://127.0.0.1:${(server.address() as { port: number }).port}/`;
  const options = { ca: certificate.cert, checkServerIdentity: () => undefined };
  try {
    const shared = new Agent({ keepAlive: true, ...options });
    const keepAlive = await requestsPerSecond(url, () => shared);
    shared.destroy();
    const newAgentPerRequest = await requestsPerSecond(url, () => new Agent(options));
    return { keepAlive, newAgentPerRequest };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}
