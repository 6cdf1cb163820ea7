import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";

export type Fault = (request: IncomingMessage, response: ServerResponse) => void;

/** Answers every request with `fault`; counts requests. For outages the reference facade never has. */
async function startFaultyServer(tls: { key: string; cert: string }, fault: Fault): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  let requests = 0;
  const server: Server = createServer(tls, (request, response) => {
    requests++;
    request.resume();
    fault(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as { port: number }).port}`,
    requests: () => requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Runs `use` against a faulty server, closing it afterwards whatever happens. */
export async function withFaultyServer<T>(
  tls: { key: string; cert: string },
  fault: Fault,
  use: (server: { url: string; requests: () => number }) => Promise<T>,
): Promise<T> {
  const server = await startFaultyServer(tls, fault);
  try {
    return await use(server);
  } finally {
    await server.close();
  }
}

export const faults = {
  status:
    (status: number, body = ""): Fault =>
    (_, response) =>
      response.writeHead(status, { "content-type": "application/json" }).end(body),
  /** Holds the request without answering. */
  silence: (): Fault => () => undefined,
};
