import { Agent } from "https";
import { connect, type ConnectionOptions, type TLSSocket } from "tls";

/** The SHA-256 fingerprint of a peer certificate, as 64 lowercase hex digits. */
function fingerprintOf(socket: TLSSocket): string {
  const certificate = socket.getPeerCertificate();
  return (certificate?.fingerprint256 ? certificate.fingerprint256 : "").replace(/:/g, "").toLowerCase();
}

/**
 * A keep-alive agent for a facade with a self-signed certificate, identified by its
 * SHA-256 fingerprint.
 *
 * Why not the usual recipe (`rejectUnauthorized: true` plus a fingerprint check in
 * `checkServerIdentity`): Node fails a self-signed handshake with
 * DEPTH_ZERO_SELF_SIGNED_CERT before `checkServerIdentity` runs, so the recipe never
 * connects. Chain validation cannot apply to a certificate that signs itself; the pin is
 * the verification instead, and it is stricter: only these exact certificates pass.
 *
 * The socket is handed to the HTTP request only after the pin matched, so a facade with
 * any other certificate receives the TLS handshake and not one byte of the request (nor
 * its bearer token). Sessions are never cached or resumed: a resumed session would carry
 * no fresh certificate, and every connection is checked.
 */
export function createPinnedAgent(pins: readonly string[], handshakeTimeoutMs: number): Agent {
  const agent = new Agent({ keepAlive: true, maxCachedSessions: 0 });
  const pinSet = new Set(pins);
  const connectPinned = (options: ConnectionOptions, callback: (error: Error | null, socket?: TLSSocket) => void): undefined => {
    const socket = connect({ ...options, session: undefined, rejectUnauthorized: pinSet.size === 0 });
    const fail = (error: Error) => {
      socket.destroy();
      callback(error);
    };
    socket.setTimeout(handshakeTimeoutMs, () => fail(new Error(`facade TLS handshake timed out after ${handshakeTimeoutMs} ms`)));
    socket.once("error", fail);
    socket.once("secureConnect", () => {
      socket.setTimeout(0);
      socket.removeListener("error", fail);
      if (!pinSet.has(fingerprintOf(socket))) {
        fail(new Error("facade certificate matches no pinned SHA-256 fingerprint"));
        return;
      }
      callback(null, socket);
    });
    return undefined;
  };
  (agent as unknown as { createConnection: typeof connectPinned }).createConnection = connectPinned;
  return agent;
}

/** A keep-alive agent with the platform's CA verification, for CA-issued certificates. */
export function createVerifiedAgent(): Agent {
  return new Agent({ keepAlive: true });
}
