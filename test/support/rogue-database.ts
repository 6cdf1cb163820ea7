import { type Server, type Socket, connect, createServer } from "node:net";
import { Duplex } from "node:stream";
import { TLSSocket } from "node:tls";
import { type TestCertificate, createSelfSignedCertificate } from "../../examples/reference-facade/certificates";

/**
 * Something else answering at the database's address (a hijacked DNS name, a rogue host on
 * the path): it speaks the engine's TLS negotiation, completes a TLS handshake with a
 * certificate of its own, and records every byte a client sends it afterwards, which is
 * where a login (user name, password proof) and queries would be.
 */
export interface RogueDatabase {
  readonly port: number;
  /** Application bytes received after a TLS handshake, over every connection. */
  readonly bytesAfterHandshake: () => number;
  close(): Promise<void>;
}

function mysqlGreeting(): Buffer {
  const capabilities = 0x1 | 0x200 | 0x800 | 0x8000 | 0x80000; // long password, protocol 41, SSL, secure connection, plugin auth
  const payload = Buffer.concat([
    Buffer.from([10]),
    Buffer.from("8.0.0-rogue\0"),
    Buffer.from([1, 0, 0, 0]),
    Buffer.from("abcdefgh"),
    Buffer.from([0]),
    Buffer.from([capabilities & 0xff, (capabilities >> 8) & 0xff]),
    Buffer.from([45]),
    Buffer.from([2, 0]),
    Buffer.from([(capabilities >> 16) & 0xff, (capabilities >> 24) & 0xff]),
    Buffer.from([21]),
    Buffer.alloc(10),
    Buffer.from("ijklmnopqrst\0"),
    Buffer.from("mysql_native_password\0"),
  ]);
  const header = Buffer.alloc(4);
  header.writeUIntLE(payload.length, 0, 3);
  header[3] = 0;
  return Buffer.concat([header, payload]);
}

export async function startRogueDatabase(engine: "postgres" | "mysql", certificate?: TestCertificate): Promise<RogueDatabase> {
  const tls = certificate ?? (await createSelfSignedCertificate("legacy-db.test", "ec"));
  let bytes = 0;
  // The TLS server reads through a plain stream, not the socket itself: bytes that arrived
  // with the engine's TLS request (MySQL's client sends its handshake right behind it)
  // must reach TLS first, and a TLSSocket on a net.Socket would read past them.
  const upgrade = (socket: Socket, early: Buffer) => {
    const stream = new Duplex({
      read: () => undefined,
      write: (chunk, _encoding, done) => socket.write(chunk, done),
      final: (done) => socket.end(done),
    });
    if (early.length > 0) stream.push(early);
    socket.on("data", (chunk: Buffer) => stream.push(chunk));
    socket.on("end", () => stream.push(null));
    const secure = new TLSSocket(stream, { isServer: true, key: tls.key, cert: tls.cert });
    secure.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
    });
    secure.on("error", () => socket.destroy());
  };
  const server: Server = createServer((socket) => {
    socket.on("error", () => undefined);
    if (engine === "mysql") socket.write(mysqlGreeting());
    socket.once("data", (chunk: Buffer) => {
      // PostgreSQL's SSLRequest is 8 bytes, answered 'S'; MySQL's is a 36-byte packet.
      const request = engine === "postgres" ? 8 : 36;
      if (engine === "postgres") socket.write("S");
      upgrade(socket, chunk.subarray(request));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as { port: number }).port,
    bytesAfterHandshake: () => bytes,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * A TCP relay in front of the real database, whose target can be switched (the facade's
 * first connections reach the real server, later ones the rogue, as a hijack mid-life
 * would) and which can stall: bytes stop moving both ways, as with a database that hangs.
 */
export interface DatabaseRelay {
  readonly port: number;
  sendTo(port: number): void;
  stall(): void;
  flow(): void;
  close(): Promise<void>;
}

export async function startSwitchableRelay(realPort: number): Promise<DatabaseRelay> {
  let target = realPort;
  let stalled = false;
  const pairs = new Set<[Socket, Socket]>();
  const connectPair = ([client, upstream]: [Socket, Socket]) => {
    client.pipe(upstream);
    upstream.pipe(client);
  };
  const stallPair = ([client, upstream]: [Socket, Socket]) => {
    client.unpipe(upstream);
    upstream.unpipe(client);
    client.pause();
    upstream.pause();
  };
  const server = createServer((client) => {
    const upstream = connect(target, "127.0.0.1");
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    for (const socket of pair) {
      socket.on("error", () => undefined);
      socket.on("close", () => {
        client.destroy();
        upstream.destroy();
        pairs.delete(pair);
      });
    }
    if (stalled) stallPair(pair);
    else connectPair(pair);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as { port: number }).port,
    sendTo: (port) => {
      target = port;
      for (const pair of pairs) for (const socket of pair) socket.destroy();
    },
    stall: () => {
      stalled = true;
      for (const pair of pairs) stallPair(pair);
    },
    flow: () => {
      stalled = false;
      for (const pair of pairs) connectPair(pair);
    },
    close: () =>
      new Promise((resolve) => {
        for (const pair of pairs) for (const socket of pair) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
