import { X509Certificate } from "node:crypto";
import { type Server, type Socket, connect, createServer } from "node:net";
import { TLSSocket } from "node:tls";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type TestCertificate, createSelfSignedCertificate } from "../../examples/reference-facade/certificates";
import { PinnedCertificates, isCertificateRefusal } from "../../facade/database/certificate-pins";
import { DatabaseUnavailableError } from "../../facade/database/database";
import { startRogueDatabase, startSwitchableRelay } from "../support/rogue-database";

/** A server at the database's address that does what `answer` says with each connection; how many it took. */
async function scriptedServer(answer: (socket: Socket) => void): Promise<{ port: number; connections: () => number }> {
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    socket.on("error", () => undefined);
    answer(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  opened.push(server);
  return { port: (server.address() as { port: number }).port, connections: () => connections };
}

/** A relay in front of `port` that counts the connections made through it. */
const countingRelay = (port: number) =>
  scriptedServer((socket) => {
    const upstream = connect({ host: "127.0.0.1", port });
    upstream.on("error", () => socket.destroy());
    socket.pipe(upstream).pipe(socket);
  });

/** A MySQL greeting packet: protocol `protocol`, and the SSL capability or not. */
function mysqlGreeting(protocol: number, ssl: boolean): Buffer {
  const capabilities = 0x1 | 0x200 | 0x8000 | (ssl ? 0x800 : 0);
  const payload = Buffer.concat([
    Buffer.from([protocol]),
    Buffer.from("10.11.0-MariaDB\0"),
    Buffer.from([1, 0, 0, 0]),
    Buffer.from("abcdefgh"),
    Buffer.from([0]),
    Buffer.from([capabilities & 0xff, (capabilities >> 8) & 0xff]),
    Buffer.from([45, 2, 0, 0, 0, 21]),
    Buffer.alloc(10),
    Buffer.from("ijklmnopqrst\0"),
  ]);
  const header = Buffer.alloc(4);
  header.writeUIntLE(payload.length, 0, 3);
  return Buffer.concat([header, payload]);
}

const opened: Server[] = [];
let certificate: TestCertificate;

beforeAll(async () => {
  certificate = await createSelfSignedCertificate("legacy-db.test", "ec");
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

const refused = async (pins: PinnedCertificates): Promise<DatabaseUnavailableError> => {
  const error = await pins.refresh().then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DatabaseUnavailableError);
  return error as DatabaseUnavailableError;
};

describe("the database certificate probe", () => {
  it.each(["postgres", "mysql"] as const)("learns a pinned certificate from a %s handshake, sending nothing after the TLS request", async (engine) => {
    const server = await startRogueDatabase(engine, certificate);
    try {
      const pins = new PinnedCertificates(engine, "127.0.0.1", server.port, [certificate.sha256], 2_000);
      expect(pins.ca).toEqual([]);
      await pins.refresh();
      expect(pins.ca.map((pem) => new X509Certificate(pem).fingerprint256)).toEqual([certificate.sha256WithColons]);
      expect(server.bytesAfterHandshake()).toBe(0);
    } finally {
      await server.close();
    }
  });

  it.each(["postgres", "mysql"] as const)("refuses a %s certificate it does not pin, naming it and the config field, and trusts nothing", async (engine) => {
    const server = await startRogueDatabase(engine, certificate);
    try {
      const pins = new PinnedCertificates(engine, "127.0.0.1", server.port, ["00".repeat(32)], 2_000);
      expect((await refused(pins)).message).toContain(
        `TLS with the database at 127.0.0.1:${server.port} (its certificate ${certificate.sha256} is not pinned in database.tls.sha256Pins)`,
      );
      expect(pins.ca).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("probes once per cooldown while it holds a pinned certificate, and again at once while it holds none", async () => {
    const server = await startRogueDatabase("postgres", certificate);
    try {
      const relay = await countingRelay(server.port);
      const cooled = new PinnedCertificates("postgres", "127.0.0.1", relay.port, [certificate.sha256], 2_000, 60_000);
      await cooled.refresh();
      await cooled.refresh();
      expect(relay.connections()).toBe(1);
      const eager = new PinnedCertificates("postgres", "127.0.0.1", relay.port, [certificate.sha256], 2_000, 0);
      await eager.refresh();
      await eager.refresh();
      expect(relay.connections()).toBe(3);
      const unpinned = new PinnedCertificates("postgres", "127.0.0.1", relay.port, ["00".repeat(32)], 2_000, 60_000);
      await refused(unpinned);
      await refused(unpinned);
      expect(relay.connections()).toBe(5);
    } finally {
      await server.close();
    }
  });

  it("trusts a renewed certificate in place of its namesake, and keeps certificates of other names side by side", async () => {
    const renewed = await createSelfSignedCertificate("legacy-db.test", "ec");
    const other = await createSelfSignedCertificate("replica-db.test", "ec");
    const servers = await Promise.all([certificate, renewed, other].map((tls) => startRogueDatabase("postgres", tls)));
    const relay = await startSwitchableRelay(servers[0].port);
    try {
      const pins = new PinnedCertificates(
        "postgres",
        "127.0.0.1",
        relay.port,
        [certificate, renewed, other].map((tls) => tls.sha256),
        2_000,
        0,
      );
      const anchors = () => pins.ca.map((pem) => new X509Certificate(pem).fingerprint256).sort();
      await pins.refresh();
      relay.sendTo(servers[2].port);
      await pins.refresh();
      expect(anchors()).toEqual([certificate.sha256WithColons, other.sha256WithColons].sort());
      relay.sendTo(servers[1].port);
      await pins.refresh();
      expect(anchors()).toEqual([renewed.sha256WithColons, other.sha256WithColons].sort());
    } finally {
      await Promise.all([relay.close(), ...servers.map((server) => server.close())]);
    }
  });

  it("names the database by host name in the handshake (SNI), never by IP address", async () => {
    const names: string[] = [];
    const server = await scriptedServer((socket) => {
      socket.once("data", () => {
        socket.write("S");
        const secure = new TLSSocket(socket, {
          isServer: true,
          key: certificate.key,
          cert: certificate.cert,
          SNICallback: (name, done) => {
            names.push(name);
            done(null, undefined);
          },
        });
        secure.on("error", () => undefined);
      });
    });
    await new PinnedCertificates("postgres", "localhost", server.port, [certificate.sha256], 2_000).refresh();
    await new PinnedCertificates("postgres", "127.0.0.1", server.port, [certificate.sha256], 2_000).refresh();
    expect(names).toEqual(["localhost"]);
  });

  it.each([
    ["PostgreSQL that declines TLS", "postgres", (socket: Socket) => socket.once("data", () => socket.end("N")), "the server does not offer TLS"],
    ["PostgreSQL that hangs up", "postgres", (socket: Socket) => socket.once("data", () => socket.destroy()), "the server closed the connection"],
    ["PostgreSQL that never starts TLS", "postgres", (socket: Socket) => socket.once("data", () => socket.write("S")), "no TLS handshake within 300 ms"],
    [
      "PostgreSQL that answers TLS with plain text",
      "postgres",
      (socket: Socket) =>
        socket.once("data", () => {
          socket.write("S");
          setTimeout(() => socket.write("HTTP/1.1 400 Bad Request\r\n\r\n"), 20);
        }),
      "ERR_SSL_WRONG_VERSION_NUMBER",
    ],
    // Bytes a server sends behind its 'S' are never read as TLS: no answer can be injected ahead of the handshake.
    [
      "PostgreSQL that sends bytes behind its S",
      "postgres",
      (socket: Socket) => socket.once("data", () => socket.write(`S${"x".repeat(64)}`)),
      "no TLS handshake within 300 ms",
    ],
    ["MySQL speaking another protocol", "mysql", (socket: Socket) => socket.write(mysqlGreeting(9, true)), "the server's greeting is not protocol 10"],
    ["MySQL without TLS", "mysql", (socket: Socket) => socket.write(mysqlGreeting(10, false)), "the server does not offer TLS"],
    [
      "MySQL without TLS, its greeting in two parts",
      "mysql",
      (socket: Socket) => {
        const greeting = mysqlGreeting(10, false);
        socket.write(greeting.subarray(0, 6));
        setTimeout(() => socket.write(greeting.subarray(6)), 50);
      },
      "the server does not offer TLS",
    ],
  ] as const)("reports %s as the database being unavailable, with the reason", async (_, engine, answer, reason) => {
    const server = await scriptedServer(answer);
    const error = await refused(new PinnedCertificates(engine, "127.0.0.1", server.port, [certificate.sha256], 300));
    expect(error.message).toContain(`TLS with ${engine === "postgres" ? "PostgreSQL" : "MySQL"} at 127.0.0.1:${server.port}`);
    expect(error.message).toContain(reason);
  });

  it("reports a database that refuses the connection as unavailable, with the system's code", async () => {
    const server = await scriptedServer(() => undefined);
    const { port } = server;
    await new Promise((resolve) => opened.splice(0)[0].close(resolve));
    expect((await refused(new PinnedCertificates("mysql", "127.0.0.1", port, [certificate.sha256], 300))).message).toContain("ECONNREFUSED");
  });
});

describe("the pooled connections' certificate check", () => {
  const pins = () => new PinnedCertificates("postgres", "127.0.0.1", 5432, [certificate.sha256], 2_000);
  const peer = (fingerprint256?: string) => ({ fingerprint256 }) as never;

  it("accepts exactly a pinned certificate, whatever the host name", () => {
    expect(pins().check("any.host.example", peer(certificate.sha256WithColons))).toBeUndefined();
    expect(pins().check("127.0.0.1", peer(certificate.sha256WithColons.toLowerCase()))).toBeUndefined();
  });

  it("refuses any other certificate, or none, naming what it saw", () => {
    expect(pins().check("127.0.0.1", peer(`${"AB:".repeat(31)}AB`))?.message).toBe(`the database's certificate ${"ab".repeat(32)} is not pinned`);
    expect(pins().check("127.0.0.1", peer(undefined))?.message).toBe("the database's certificate (none) is not pinned");
  });
});

describe("telling a certificate refusal from other failures", () => {
  it.each([
    [{ code: "SELF_SIGNED_CERT_IN_CHAIN", message: "self-signed certificate in certificate chain" }, true],
    [{ code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE", message: "unable to verify" }, true],
    [{ code: "ERR_TLS_CERT_ALTNAME_INVALID", message: "Hostname/IP does not match" }, true],
    [new Error("the database's certificate ab is not pinned"), true],
    [{ code: "ECONNREFUSED", message: "connect ECONNREFUSED 127.0.0.1:5432" }, false],
    [new Error("timeout exceeded when trying to connect"), false],
    [undefined, false],
    ["a thrown string", false],
  ])("reads %o as a refusal: %s", (error, refusal) => {
    expect(isCertificateRefusal(error)).toBe(refusal);
  });
});
