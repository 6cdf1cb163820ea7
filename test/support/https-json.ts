import { request } from "node:https";

/**
 * A test client's HTTPS JSON call. `ca` trusts a self-signed server; otherwise the test CA
 * applies. `raw` is sent exactly as given, with only the headers given: what no
 * well-behaved client would send.
 */
export function httpsJson(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown; raw?: string; ca?: string } = {},
): Promise<{ status: number; body: any }> {
  const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: options.method ?? "POST",
        ca: options.ca,
        agent: false,
        headers: { ...(payload && options.raw === undefined ? { "content-type": "application/json" } : {}), ...options.headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: response.statusCode ?? 0, body: text === "" ? undefined : JSON.parse(text) });
        });
      },
    );
    outgoing.on("error", reject);
    outgoing.end(payload);
  });
}
