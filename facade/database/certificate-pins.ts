import { X509Certificate } from "node:crypto";
import { type Socket, connect as connectTcp } from "node:net";
import { type PeerCertificate, connect as connectTls } from "node:tls";
import type { FacadeConfig } from "../config";
import { DatabaseUnavailableError } from "./database";

/**
 * Certificate pinning at the database hop, done so that it cannot be skipped.
 *
 * The common recipe (`rejectUnauthorized: true` plus a fingerprint-comparing
 * `checkServerIdentity`) never runs for a self-signed certificate: the chain check rejects
 * it first. And mysql2 ignores `checkServerIdentity` altogether. So the facade first
 * learns the certificate itself: a probe opens a connection, asks for TLS the way the
 * engine's protocol does, takes the certificate from the handshake and hangs up, having
 * sent nothing but the protocol's TLS request (no user name, no password, no query). A
 * certificate whose SHA-256 is not pinned is refused there. A pinned one becomes the only
 * trust anchor (`ca`) of every pooled connection, with `rejectUnauthorized: true`: the
 * handshake itself then fails for any other certificate, before the driver writes a byte
 * of its login. A resumed TLS session cannot skip this either: a session is only issued
 * by a server that completed such a handshake.
 */

const fingerprintOf = (certificate: X509Certificate) => certificate.fingerprint256.replace(/:/g, "").toLowerCase();

/** The certificate a TLS handshake presents over `socket`, without verifying it (that is the caller's job). */
function peerCertificate(socket: Socket, host: string, what: string, timeoutMs: number): Promise<X509Certificate> {
  return new Promise((resolve, reject) => {
    const secure = connectTls({ socket, rejectUnauthorized: false, ...(/^[\d.:]+$/.test(host) ? {} : { servername: host }) });
    const timer = setTimeout(() => {
      secure.destroy();
      reject(new DatabaseUnavailableError(what, `no TLS handshake within ${timeoutMs} ms`));
    }, timeoutMs);
    secure.once("secureConnect", () => {
      clearTimeout(timer);
      const certificate = secure.getPeerX509Certificate();
      secure.destroy();
      if (certificate === undefined) reject(new DatabaseUnavailableError(what, "the server presented no certificate"));
      else resolve(certificate);
    });
    secure.once("error", (error) => {
      clearTimeout(timer);
      reject(new DatabaseUnavailableError(what, (error as NodeJS.ErrnoException).code ?? error.message));
    });
  });
}

function tcp(host: string, port: number, what: string, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp({ host, port });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new DatabaseUnavailableError(what, `no connection within ${timeoutMs} ms`));
    });
    socket.once("connect", () => {
      socket.setTimeout(0);
      resolve(socket);
    });
    socket.once("error", (error) => reject(new DatabaseUnavailableError(what, (error as NodeJS.ErrnoException).code ?? error.message)));
  });
}

/** The next `length` bytes (at least) the server sends; the socket is paused afterwards. */
function read(socket: Socket, length: number, what: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const onClose = () => reject(new DatabaseUnavailableError(what, "the server closed the connection"));
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < length) return;
      socket.off("data", onData);
      socket.off("close", onClose);
      socket.pause();
      resolve(received);
    };
    socket.on("data", onData);
    socket.once("close", onClose);
    socket.resume();
  });
}

/** PostgreSQL: the 8-byte SSLRequest, then the server's 'S'. */
async function postgresCertificate(host: string, port: number, timeoutMs: number): Promise<X509Certificate> {
  const what = `TLS with PostgreSQL at ${host}:${port}`;
  const socket = await tcp(host, port, what, timeoutMs);
  const request = Buffer.alloc(8);
  request.writeInt32BE(8, 0);
  request.writeInt32BE(80877103, 4);
  socket.write(request);
  const answer = await read(socket, 1, what);
  if (answer[0] !== 0x53) {
    socket.destroy();
    throw new DatabaseUnavailableError(what, "the server does not offer TLS");
  }
  return peerCertificate(socket, host, what, timeoutMs);
}

const CLIENT_LONG_PASSWORD = 0x1;
const CLIENT_PROTOCOL_41 = 0x200;
const CLIENT_SSL = 0x800;
const CLIENT_SECURE_CONNECTION = 0x8000;

/** MySQL and MariaDB: read the greeting, answer with a 32-byte SSLRequest packet (capabilities only). */
async function mysqlCertificate(host: string, port: number, timeoutMs: number): Promise<X509Certificate> {
  const what = `TLS with MySQL at ${host}:${port}`;
  const socket = await tcp(host, port, what, timeoutMs);
  const header = await read(socket, 4, what);
  const length = header.readUIntLE(0, 3);
  const greeting =
    header.length >= 4 + length ? header.subarray(4, 4 + length) : Buffer.concat([header.subarray(4), await read(socket, 4 + length - header.length, what)]);
  if (greeting[0] !== 10) {
    socket.destroy();
    throw new DatabaseUnavailableError(what, "the server's greeting is not protocol 10 (the server may refuse this host)");
  }
  const afterVersion = greeting.indexOf(0, 1) + 1;
  const capabilities = greeting.readUInt16LE(afterVersion + 4 + 8 + 1);
  if ((capabilities & CLIENT_SSL) === 0) {
    socket.destroy();
    throw new DatabaseUnavailableError(what, "the server does not offer TLS");
  }
  const request = Buffer.alloc(4 + 32);
  request.writeUIntLE(32, 0, 3);
  request[3] = 1;
  request.writeUInt32LE(CLIENT_LONG_PASSWORD | CLIENT_PROTOCOL_41 | CLIENT_SSL | CLIENT_SECURE_CONNECTION, 4);
  request.writeUInt32LE(16 * 1024 * 1024, 8);
  request[12] = 45; // utf8mb4_general_ci
  socket.write(request);
  return peerCertificate(socket, host, what, timeoutMs);
}

/** Why a handshake failed because of the certificate: then the database may have rotated to its other pin. */
export function isCertificateRefusal(error: unknown): boolean {
  const { code, message } = (typeof error === "object" && error !== null ? error : {}) as { code?: unknown; message?: unknown };
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS_CERT_ALTNAME/.test(String(code ?? "")) || /pinned|certificate/i.test(String(message ?? ""));
}

/**
 * The trust anchors for one database: the PEMs of the pinned certificates it has shown.
 * `refresh` probes again (at most once per `cooldownMs`) so that a certificate rotated to
 * the second pin is picked up without a restart.
 */
export class PinnedCertificates {
  private readonly anchors = new Map<string, string>();
  private lastProbe = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly engine: "postgres" | "mysql",
    private readonly host: string,
    private readonly port: number,
    private readonly pins: readonly string[],
    private readonly timeoutMs: number,
    private readonly cooldownMs = 30_000,
  ) {}

  /** The PEMs to trust; empty until a probe found a pinned certificate. */
  get ca(): string[] {
    return [...this.anchors.values()];
  }

  /** Probes now (unless one ran within the cooldown); throws when the certificate shown is not pinned. */
  async refresh(): Promise<void> {
    const now = Date.now();
    if (now - this.lastProbe < this.cooldownMs && this.anchors.size > 0) return;
    this.lastProbe = now;
    const certificate = await (this.engine === "postgres" ? postgresCertificate : mysqlCertificate)(this.host, this.port, this.timeoutMs);
    const fingerprint = fingerprintOf(certificate);
    if (!this.pins.includes(fingerprint)) {
      throw new DatabaseUnavailableError(
        `TLS with the database at ${this.host}:${this.port}`,
        `its certificate ${fingerprint} is not pinned in database.tls.sha256Pins`,
      );
    }
    // Two anchors with one subject (a renewed self-signed certificate keeps its name) make
    // OpenSSL check a chain against the wrong one: the certificate seen last replaces its namesake.
    for (const [pinned, pem] of this.anchors) {
      if (pinned !== fingerprint && new X509Certificate(pem).subject === certificate.subject) this.anchors.delete(pinned);
    }
    this.anchors.set(fingerprint, certificate.toString());
  }

  /** For the driver's `checkServerIdentity`: accepts exactly a pinned certificate, whatever the host name. */
  check(_host: string, certificate: PeerCertificate): Error | undefined {
    const fingerprint = (certificate.fingerprint256 ?? "").replace(/:/g, "").toLowerCase();
    return this.pins.includes(fingerprint) ? undefined : new Error(`the database's certificate ${fingerprint || "(none)"} is not pinned`);
  }
}

/** The pins of a database in pinned mode, its certificate already probed (a refusal throws); none in CA mode. */
export async function learnedPins(engine: "postgres" | "mysql", database: FacadeConfig["database"]): Promise<PinnedCertificates | undefined> {
  if (database.tls.mode !== "pinned") return undefined;
  const pins = new PinnedCertificates(engine, database.host, database.port, database.tls.sha256Pins, database.pool.connectTimeoutMs);
  await pins.refresh();
  return pins;
}
