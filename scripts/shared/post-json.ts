import { request, type Agent } from "https";

export interface JsonResponse {
  readonly status: number;
  /** The parsed body; `undefined` when empty, `MALFORMED_BODY` when not JSON. */
  readonly body: unknown;
}

export const MALFORMED_BODY = Symbol("malformed body");

/** Larger answers are refused: no legitimate facade or token answer comes near it. */
const MAX_RESPONSE_BYTES = 64 * 1024;

function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return MALFORMED_BODY;
  }
}

/**
 * POSTs a JSON body over HTTPS and resolves with the status and parsed body. Rejects
 * on a network failure or once `deadline` (epoch ms) passes. Messages name the method
 * and path only: headers and bodies (tokens, passwords) never reach an error.
 *
 * A kept-alive connection the server closed while idle fails the next request sent on
 * it. The request is sent once more on a fresh connection only when that cannot repeat
 * its effect: when not one byte of it was written before the connection failed, or when
 * it is `repeatable`. A password check that may have reached the facade is never re-sent
 * (the legacy store would count two attempts for one login): it is an outage.
 */
export async function postJson(
  url: URL,
  agent: Agent,
  headers: Readonly<Record<string, string>>,
  body: unknown,
  deadline: number,
  repeatable: boolean,
): Promise<JsonResponse> {
  const payload = JSON.stringify(body);
  try {
    return await send(url, agent, headers, payload, deadline);
  } catch (error) {
    if (!(error instanceof StaleConnectionError)) throw error;
    if (!error.unsent && !repeatable) {
      throw new Error(`POST ${url.pathname} failed: the reused connection broke after the request was sent; not sent again (${error.message})`);
    }
    return send(url, agent, headers, payload, deadline);
  }
}

class StaleConnectionError extends Error {
  constructor(
    message: string,
    /** Not one byte of the request reached the socket: it provably never left. */
    readonly unsent: boolean,
  ) {
    super(message);
  }
}

function send(url: URL, agent: Agent, headers: Readonly<Record<string, string>>, payload: string, deadline: number): Promise<JsonResponse> {
  const what = `POST ${url.pathname}`;
  const remaining = deadline - Date.now();
  if (remaining <= 0) return Promise.reject(new Error(`${what} not sent: the time budget is spent`));
  return new Promise<JsonResponse>((resolve, reject) => {
    const outgoing = request(url, {
      method: "POST",
      agent,
      headers: {
        ...headers,
        accept: "application/json",
        "content-type": "application/json",
        "content-length": Buffer.byteLength(payload),
      },
    });
    let answered = false;
    // Bytes the socket had written before this request: unchanged at a failure means none of it was.
    let writtenBefore = -1;
    outgoing.once("socket", (socket) => (writtenBefore = socket.bytesWritten));
    const timer = setTimeout(() => outgoing.destroy(new Error(`timed out after ${remaining} ms`)), remaining);
    const fail = (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const stale = outgoing.reusedSocket && !answered && (error.code === "ECONNRESET" || error.code === "EPIPE");
      const unsent = writtenBefore >= 0 && outgoing.socket !== null && outgoing.socket.bytesWritten === writtenBefore;
      reject(stale ? new StaleConnectionError(error.message, unsent) : new Error(`${what} failed: ${error.message}`));
    };
    outgoing.on("error", fail);
    outgoing.on("response", (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) {
          outgoing.destroy(new Error(`answer larger than ${MAX_RESPONSE_BYTES} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      response.on("error", fail);
      response.on("end", () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, body: parseBody(Buffer.concat(chunks).toString("utf8")) });
      });
    });
    outgoing.end(payload);
  });
}
