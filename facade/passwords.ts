import { createHash, pbkdf2, randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import { hash as argon2Hash, verify as argon2Verify } from "@node-rs/argon2";
import { hash as bcryptHashY, verify as bcryptVerify } from "@node-rs/bcrypt";
import type { FacadeConfig } from "./config";

/**
 * Verifies a password against the hash a legacy user row holds, in whichever format that
 * row uses (read per row): bcrypt, argon2id, PBKDF2-SHA256/SHA-512 (Django's and passlib's
 * layouts), scrypt (passlib's), or a salted SHA-256/SHA-1/MD5 digest in the layout the
 * config describes. Comparisons are constant-time. A hash in no known format is not a
 * wrong password: it is an error of ours (`UnreadableHashError`), never the user's.
 */

const pbkdf2Async = promisify(pbkdf2);
const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  length: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

export type SaltedDigest = NonNullable<FacadeConfig["users"]["saltedDigest"]>;
export type NewPasswords = FacadeConfig["users"]["newPasswords"];

export class UnreadableHashError extends Error {
  constructor(what: string) {
    super(`the stored password hash is ${what}`);
    this.name = "UnreadableHashError";
  }
}

/** passlib's "adapted base64": `.` for `+`, no padding. */
const adaptedBase64 = (text: string) => Buffer.from(text.replace(/\./g, "+"), "base64");

function equal(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The format of a stored hash, by its shape. */
export type HashFormat = "bcrypt" | "argon2id" | "pbkdf2-django" | "pbkdf2-passlib" | "scrypt-passlib" | "salted-digest";

export function hashFormat(stored: string): HashFormat {
  if (/^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/.test(stored)) return "bcrypt";
  if (stored.startsWith("$argon2id$")) return "argon2id";
  if (/^pbkdf2_sha(256|512)\$\d+\$/.test(stored)) return "pbkdf2-django";
  if (/^\$pbkdf2-sha(256|512)\$\d+\$/.test(stored)) return "pbkdf2-passlib";
  if (stored.startsWith("$scrypt$")) return "scrypt-passlib";
  return "salted-digest";
}

async function verifyPbkdf2(password: string, digest: "sha256" | "sha512", iterations: number, salt: Buffer, expected: Buffer): Promise<boolean> {
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > 10_000_000 || expected.length === 0)
    throw new UnreadableHashError("a PBKDF2 hash with impossible parameters");
  return equal(await pbkdf2Async(password, salt, iterations, expected.length, digest), expected);
}

function verifySaltedDigest(password: string, stored: string, columnSalt: string | undefined, layout: SaltedDigest | undefined): boolean {
  if (layout === undefined) throw new UnreadableHashError("in no known format (and users.saltedDigest describes no salted digest)");
  let salt = columnSalt;
  let digestText = stored;
  if (layout.salt === "prefix") {
    const split = stored.lastIndexOf("$");
    if (split <= 0) throw new UnreadableHashError('a salted digest without its "<salt>$" prefix');
    salt = stored.slice(0, split);
    digestText = stored.slice(split + 1);
  }
  if (salt === undefined) throw new UnreadableHashError("a salted digest whose salt column is empty");
  const expected = Buffer.from(digestText, layout.encoding);
  const input = layout.order === "salt-then-password" ? salt + password : password + salt;
  const actual = createHash(layout.algorithm).update(input, "utf8").digest();
  if (expected.length !== actual.length) throw new UnreadableHashError(`not a ${layout.algorithm} digest in ${layout.encoding}`);
  return equal(actual, expected);
}

/** Whether `password` matches `stored`; `salt` is the row's salt column, when the layout has one. */
export async function verifyPassword(password: string, stored: string, options: { salt?: string; saltedDigest?: SaltedDigest } = {}): Promise<boolean> {
  switch (hashFormat(stored)) {
    case "bcrypt":
      return bcryptVerify(password, stored);
    case "argon2id":
      try {
        return await argon2Verify(stored, password);
      } catch {
        throw new UnreadableHashError("an argon2id hash that does not parse");
      }
    case "pbkdf2-django": {
      const [algorithm, iterations, salt, hash] = stored.split("$");
      if (hash === undefined) throw new UnreadableHashError("a Django PBKDF2 hash without all its parts");
      return verifyPbkdf2(
        password,
        algorithm === "pbkdf2_sha512" ? "sha512" : "sha256",
        Number(iterations),
        Buffer.from(salt, "utf8"),
        Buffer.from(hash, "base64"),
      );
    }
    case "pbkdf2-passlib": {
      const [, algorithm, iterations, salt, hash] = stored.split("$");
      if (hash === undefined) throw new UnreadableHashError("a passlib PBKDF2 hash without all its parts");
      return verifyPbkdf2(password, algorithm === "pbkdf2-sha512" ? "sha512" : "sha256", Number(iterations), adaptedBase64(salt), adaptedBase64(hash));
    }
    case "scrypt-passlib": {
      const [, , parameters, salt, hash] = stored.split("$");
      const values = Object.fromEntries((parameters ?? "").split(",").map((pair) => pair.split("=")));
      const [ln, r, p] = [Number(values.ln), Number(values.r), Number(values.p)];
      if (hash === undefined || !(ln >= 1 && ln <= 24) || !(r >= 1 && r <= 64) || !(p >= 1 && p <= 16))
        throw new UnreadableHashError("an scrypt hash with impossible parameters");
      const expected = Buffer.from(hash, "base64");
      const N = 2 ** ln;
      return equal(await scryptAsync(password, Buffer.from(salt, "base64"), expected.length, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }), expected);
    }
    case "salted-digest":
      return verifySaltedDigest(password, stored, options.salt, options.saltedDigest);
  }
}

/**
 * bcrypt in the `$2b$` marker every library reads. The library writes `$2y$` (PHP's
 * marker for the same, fixed algorithm), which some older readers refuse.
 */
async function bcryptHash(password: string, cost: number): Promise<string> {
  return (await bcryptHashY(password, cost)).replace(/^\$2y\$/, "$2b$");
}

/** A new password's hash, for create and change password, in the configured algorithm. */
export async function hashNewPassword(password: string, settings: NewPasswords): Promise<string> {
  if (settings.algorithm === "bcrypt") return bcryptHash(password, settings.cost);
  return argon2Hash(password, { memoryCost: settings.memoryKiB, timeCost: settings.iterations, parallelism: settings.parallelism, algorithm: 2 });
}

/**
 * A hash in the same format and at the same cost as `sample` (a real row's), of a random
 * password: checked against when no user has the email, so that an unknown email costs
 * the same work as a wrong password and the answer's timing does not tell them apart.
 */
export async function decoyLike(sample: string, options: { saltedDigest?: SaltedDigest } = {}): Promise<{ stored: string; salt?: string }> {
  const password = randomBytes(18).toString("base64");
  const salt = randomBytes(12).toString("hex");
  switch (hashFormat(sample)) {
    case "bcrypt":
      return { stored: await bcryptHash(password, Number(sample.slice(4, 6))) };
    case "argon2id": {
      const match = /m=(\d+),t=(\d+),p=(\d+)/.exec(sample);
      if (!match) throw new UnreadableHashError("an argon2id hash that does not parse");
      return { stored: await argon2Hash(password, { memoryCost: Number(match[1]), timeCost: Number(match[2]), parallelism: Number(match[3]), algorithm: 2 }) };
    }
    case "pbkdf2-django": {
      const [algorithm, iterations] = sample.split("$");
      const digest = algorithm === "pbkdf2_sha512" ? "sha512" : "sha256";
      const hash = await pbkdf2Async(password, salt, Number(iterations), digest === "sha512" ? 64 : 32, digest);
      return { stored: `${algorithm}$${iterations}$${salt}$${hash.toString("base64")}` };
    }
    case "pbkdf2-passlib": {
      const [, algorithm, iterations] = sample.split("$");
      const digest = algorithm === "pbkdf2-sha512" ? "sha512" : "sha256";
      const saltBytes = Buffer.from(salt, "hex");
      const hash = await pbkdf2Async(password, saltBytes, Number(iterations), digest === "sha512" ? 64 : 32, digest);
      const ab64 = (bytes: Buffer) => bytes.toString("base64").replace(/=+$/, "").replace(/\+/g, ".");
      return { stored: `$${algorithm}$${iterations}$${ab64(saltBytes)}$${ab64(hash)}` };
    }
    case "scrypt-passlib": {
      const [, , parameters] = sample.split("$");
      const values = Object.fromEntries(parameters.split(",").map((pair) => pair.split("=")));
      const N = 2 ** Number(values.ln);
      const saltBytes = Buffer.from(salt, "hex");
      const hash = await scryptAsync(password, saltBytes, 32, {
        N,
        r: Number(values.r),
        p: Number(values.p),
        maxmem: 256 * N * Number(values.r) + 1024 * 1024,
      });
      return { stored: `$scrypt$${parameters}$${saltBytes.toString("base64")}$${hash.toString("base64")}` };
    }
    case "salted-digest": {
      const layout = options.saltedDigest;
      if (layout === undefined) throw new UnreadableHashError("in no known format (and users.saltedDigest describes no salted digest)");
      const digest = createHash(layout.algorithm)
        .update(layout.order === "salt-then-password" ? salt + password : password + salt, "utf8")
        .digest(layout.encoding);
      return layout.salt === "prefix" ? { stored: `${salt}$${digest}` } : { stored: digest, salt };
    }
  }
}
