import { createHash, pbkdf2Sync, randomBytes, scryptSync } from "node:crypto";
import { hash as argon2Hash } from "@node-rs/argon2";
import { hash as bcryptHash } from "@node-rs/bcrypt";
import { describe, expect, it } from "vitest";
import { UnreadableHashError, decoyLike, hashFormat, hashNewPassword, verifyPassword, type SaltedDigest } from "../../facade/passwords";

const PASSWORD = "correct horse battery staple";
const WRONG = "Tr0ub4dor&3";
const ab64 = (bytes: Buffer) => bytes.toString("base64").replace(/=+$/, "").replace(/\+/g, ".");

/** Each format as the legacy system that wrote it lays it out, made here with Node's own primitives. */
async function storedHashes(): Promise<[string, string][]> {
  const salt = randomBytes(16);
  const bcrypt = (await bcryptHash(PASSWORD, 4)).replace(/^\$2y\$/, "$2b$");
  return [
    ["bcrypt $2b$", bcrypt],
    ["bcrypt $2a$", bcrypt.replace(/^\$2b\$/, "$2a$")],
    ["bcrypt $2y$ (PHP)", bcrypt.replace(/^\$2b\$/, "$2y$")],
    ["argon2id", await argon2Hash(PASSWORD, { memoryCost: 1024, timeCost: 2, parallelism: 1, algorithm: 2 })],
    ["PBKDF2-SHA256, Django", `pbkdf2_sha256$1000$abcdefgh12345678$${pbkdf2Sync(PASSWORD, "abcdefgh12345678", 1000, 32, "sha256").toString("base64")}`],
    ["PBKDF2-SHA512, Django", `pbkdf2_sha512$1000$abcdefgh12345678$${pbkdf2Sync(PASSWORD, "abcdefgh12345678", 1000, 64, "sha512").toString("base64")}`],
    ["PBKDF2-SHA512, passlib", `$pbkdf2-sha512$1000$${ab64(salt)}$${ab64(pbkdf2Sync(PASSWORD, salt, 1000, 64, "sha512"))}`],
    ["PBKDF2-SHA256, passlib", `$pbkdf2-sha256$1000$${ab64(salt)}$${ab64(pbkdf2Sync(PASSWORD, salt, 1000, 32, "sha256"))}`],
    ["scrypt, passlib", `$scrypt$ln=10,r=8,p=1$${salt.toString("base64")}$${scryptSync(PASSWORD, salt, 32, { N: 1024, r: 8, p: 1 }).toString("base64")}`],
  ];
}

describe("legacy password hashes, read per row", () => {
  it("verify the right password and refuse a wrong one, in every supported format", async () => {
    for (const [format, stored] of await storedHashes()) {
      expect(await verifyPassword(PASSWORD, stored), format).toBe(true);
      expect(await verifyPassword(WRONG, stored), format).toBe(false);
    }
  });

  it.each([
    ["sha256", "salt-then-password", "hex", "column"],
    ["sha1", "password-then-salt", "base64", "column"],
    ["md5", "salt-then-password", "hex", "prefix"],
    ["sha256", "password-then-salt", "base64", "prefix"],
  ] as const)("verify a salted %s digest (%s, %s, salt in its %s)", async (algorithm, order, encoding, where) => {
    const layout: SaltedDigest = { algorithm, order, encoding, salt: where };
    const salt = "f00dfeed";
    const digest = createHash(algorithm)
      .update(order === "salt-then-password" ? salt + PASSWORD : PASSWORD + salt)
      .digest(encoding);
    const stored = where === "prefix" ? `${salt}$${digest}` : digest;
    const options = { saltedDigest: layout, ...(where === "column" ? { salt } : {}) };
    expect(await verifyPassword(PASSWORD, stored, options)).toBe(true);
    expect(await verifyPassword(WRONG, stored, options)).toBe(false);
  });

  it.each([
    ["a digest without a configured layout", "5f4dcc3b5aa765d61d8327deb882cf99", {}],
    [
      "a digest of another length than the algorithm's",
      "abcd",
      { saltedDigest: { algorithm: "sha256", order: "salt-then-password", encoding: "hex", salt: "column" } as SaltedDigest, salt: "s" },
    ],
    [
      "a salted digest whose salt column is empty",
      "5f4dcc3b5aa765d61d8327deb882cf99",
      { saltedDigest: { algorithm: "md5", order: "salt-then-password", encoding: "hex", salt: "column" } as SaltedDigest },
    ],
    ["PBKDF2 with no iterations", "pbkdf2_sha256$0$salt$aGFzaA==", {}],
    ["PBKDF2 with more than 10,000,000 iterations", "pbkdf2_sha256$10000001$salt$aGFzaA==", {}],
    ["PBKDF2 with an empty digest", "pbkdf2_sha256$1000$salt$", {}],
    ["a Django PBKDF2 hash without its digest", "pbkdf2_sha256$1000$salt", {}],
    ["a passlib PBKDF2 hash without its digest", "$pbkdf2-sha256$1000$c2FsdA", {}],
    ["scrypt with an impossible cost", "$scrypt$ln=99,r=8,p=1$c2FsdA==$aGFzaA==", {}],
    ["scrypt with no cost", "$scrypt$ln=0,r=8,p=1$c2FsdA==$aGFzaA==", {}],
    ["scrypt with a block size of 0", "$scrypt$ln=10,r=0,p=1$c2FsdA==$aGFzaA==", {}],
    ["scrypt with a block size over 64", "$scrypt$ln=10,r=65,p=1$c2FsdA==$aGFzaA==", {}],
    ["scrypt with no parallelism", "$scrypt$ln=10,r=8,p=0$c2FsdA==$aGFzaA==", {}],
    ["scrypt with parallelism over 16", "$scrypt$ln=10,r=8,p=17$c2FsdA==$aGFzaA==", {}],
    ["scrypt without its digest", "$scrypt$ln=10,r=8,p=1$c2FsdA==", {}],
    [
      "a digest meant to carry its salt as a prefix, without one",
      "5f4dcc3b5aa765d61d8327deb882cf99",
      { saltedDigest: { algorithm: "md5", order: "salt-then-password", encoding: "hex", salt: "prefix" } as SaltedDigest },
    ],
    [
      "a prefixed digest with an empty salt",
      "$5f4dcc3b5aa765d61d8327deb882cf99",
      { saltedDigest: { algorithm: "md5", order: "salt-then-password", encoding: "hex", salt: "prefix" } as SaltedDigest },
    ],
    ["argon2id that does not parse", "$argon2id$v=19$m=broken", {}],
  ])("refuse to judge %s: an error of the store, never a wrong password", async (_, stored, options) => {
    const refusal = await verifyPassword(PASSWORD, stored, options).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(UnreadableHashError);
    expect(refusal).toMatchObject({ name: "UnreadableHashError", message: expect.stringMatching(/^the stored password hash is \S/) });
  });

  it.each([
    [`$2b$04$${"a".repeat(53)}`, "bcrypt"],
    [`$2x$04$${"a".repeat(53)}`, "salted-digest"],
    [`$2b$04$${"a".repeat(52)}`, "salted-digest"],
    [`x$2b$04$${"a".repeat(53)}`, "salted-digest"],
    ["$argon2id$v=19$m=1024,t=2,p=1$c2FsdA$aGFzaA", "argon2id"],
    ["pbkdf2_sha256$1000$s$h", "pbkdf2-django"],
    ["xpbkdf2_sha256$1000$s$h", "salted-digest"],
    ["pbkdf2_sha1$1000$s$h", "salted-digest"],
    ["$pbkdf2-sha512$1000$s$h", "pbkdf2-passlib"],
    ["x$pbkdf2-sha512$1000$s$h", "salted-digest"],
    ["$scrypt$ln=10,r=8,p=1$s$h", "scrypt-passlib"],
  ])("read %s as %s", (stored, format) => {
    expect(hashFormat(stored)).toBe(format);
  });

  it("give scrypt the memory its parameters need", async () => {
    const salt = randomBytes(16);
    // N=2^15, r=8: 32 MiB of work, beyond Node's default scrypt memory limit.
    const stored = `$scrypt$ln=15,r=8,p=1$${salt.toString("base64")}$${scryptSync(PASSWORD, salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }).toString("base64")}`;
    expect(await verifyPassword(PASSWORD, stored)).toBe(true);
    const decoy = await decoyLike(stored);
    expect(decoy.stored).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$/);
  });

  it("hash new passwords in the configured algorithm, which verify", async () => {
    const bcrypt = await hashNewPassword(PASSWORD, { algorithm: "bcrypt", cost: 10 });
    expect(hashFormat(bcrypt)).toBe("bcrypt");
    expect(bcrypt.startsWith("$2b$10$")).toBe(true);
    expect(await verifyPassword(PASSWORD, bcrypt)).toBe(true);
    const argon2 = await hashNewPassword(PASSWORD, { algorithm: "argon2id", memoryKiB: 19_456, iterations: 2, parallelism: 1 });
    expect(argon2).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(PASSWORD, argon2)).toBe(true);
  });

  it("make a decoy in the same format and at the same cost as a real row, which no password known here matches", async () => {
    for (const [format, stored] of await storedHashes()) {
      const decoy = await decoyLike(stored);
      expect(hashFormat(decoy.stored), format).toBe(hashFormat(stored));
      if (format.startsWith("bcrypt")) expect(decoy.stored.slice(0, 7)).toBe("$2b$04$");
      if (format === "argon2id") expect(decoy.stored).toContain("m=1024,t=2,p=1");
      if (format.startsWith("PBKDF2")) {
        const [digest, salt, hash] = [decoy.stored.split("$").at(-1), decoy.stored.split("$").at(-2), stored.split("$").at(-1)];
        const bytes = (text: unknown) => Buffer.from(String(text).replace(/\./g, "+"), "base64").length;
        expect([decoy.stored.split("$").at(-3), bytes(digest)], format).toEqual(["1000", bytes(hash)]);
        expect(decoy.stored.split("$").slice(0, -3), format).toEqual(stored.split("$").slice(0, -3));
        expect(salt, format).not.toBe(stored.split("$").at(-2));
      }
      if (format.startsWith("scrypt")) expect(decoy.stored.split("$")[2]).toBe("ln=10,r=8,p=1");
      expect(await verifyPassword(PASSWORD, decoy.stored), format).toBe(false);
    }
    await expect(decoyLike("$argon2id$v=19$broken")).rejects.toBeInstanceOf(UnreadableHashError);
  });

  it.each([
    ["sha256", "salt-then-password", "hex", "column"],
    ["sha1", "password-then-salt", "base64", "column"],
    ["md5", "salt-then-password", "hex", "prefix"],
  ] as const)("make a salted %s decoy (%s, %s, salt in its %s) the facade reads in that layout", async (algorithm, order, encoding, where) => {
    const layout: SaltedDigest = { algorithm, order, encoding, salt: where };
    const decoy = await decoyLike("0123456789abcdef", { saltedDigest: layout });
    expect(decoy.salt === undefined).toBe(where === "prefix");
    expect(decoy.stored.includes("$")).toBe(where === "prefix");
    expect(await verifyPassword(PASSWORD, decoy.stored, { saltedDigest: layout, salt: decoy.salt })).toBe(false);
    const length = { sha256: 32, sha1: 20, md5: 16 }[algorithm];
    expect(Buffer.from(decoy.stored.split("$").at(-1) as string, encoding).length).toBe(length);
  });

  it("make no decoy for a digest whose layout is not configured: such a row cannot be read", async () => {
    await expect(decoyLike("0123456789abcdef")).rejects.toBeInstanceOf(UnreadableHashError);
  });
});
