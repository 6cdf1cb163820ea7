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
    ["scrypt with an impossible cost", "$scrypt$ln=99,r=8,p=1$c2FsdA==$aGFzaA==", {}],
    ["argon2id that does not parse", "$argon2id$v=19$m=broken", {}],
  ])("refuse to judge %s: an error of the store, never a wrong password", async (_, stored, options) => {
    await expect(verifyPassword(PASSWORD, stored, options)).rejects.toBeInstanceOf(UnreadableHashError);
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
      if (format.startsWith("PBKDF2")) expect(decoy.stored.split("$").at(-3)).toBe("1000");
      expect(await verifyPassword(PASSWORD, decoy.stored), format).toBe(false);
    }
  });
});
