import { accessSync, constants, existsSync, readFileSync, statSync } from "node:fs";
import { isIP } from "node:net";
import { dirname, resolve } from "node:path";
import { type ParseError, parse, printParseErrorCode } from "jsonc-parser";
import { z } from "zod";
import { MAX_PINS, normalizeFingerprint } from "../contract/fingerprints";

/**
 * One facade deployment's settings, from one JSON file (`facade.json`): where it listens,
 * which tenant's tokens it accepts, which legacy database it reads and how, which
 * operations it performs at all, and its second layers. Secrets never appear in the file:
 * the database password is read from the environment variable the file names.
 */

/** SQL identifiers are quoted, and must be plain names: no expression can reach a query. */
const identifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, { message: "expected a plain SQL name (letters, digits, underscores; not starting with a digit)" });

const pin = z.string().transform((text, context) => {
  const canonical = normalizeFingerprint(text);
  if (canonical === undefined) {
    context.addIssue({ code: "custom", message: "expected a SHA-256 fingerprint: 64 hex digits, with or without colons between byte pairs", input: text });
    return z.NEVER;
  }
  return canonical;
});

const cidr = z.string().refine(
  (text) => {
    const [address, bits, extra] = text.split("/");
    const family = isIP(address);
    const length = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
    return family !== 0 && extra === undefined && Number.isInteger(length) && length >= 0 && length <= (family === 6 ? 128 : 32);
  },
  { message: "expected an IP address or a CIDR range (203.0.113.0/24, 2001:db8::/32)" },
);

const window = z.strictObject({
  max: z.number().int().min(1),
  windowSeconds: z.number().int().min(1).max(86_400),
});

const databaseTls = z.discriminatedUnion("mode", [
  z.strictObject({
    mode: z.literal("pinned").describe("The database presents a self-signed certificate; only one whose SHA-256 is pinned is accepted."),
    sha256Pins: z
      .array(pin)
      .min(1)
      .max(MAX_PINS, { message: `expected 1 or ${MAX_PINS} pins (two while the certificate is rotated)` }),
  }),
  z.strictObject({
    mode: z.literal("ca").describe("The database presents a certificate from a CA: the chain and the host name are verified."),
    /** PEM of the CA; @default Node's public CAs */
    caFile: z.string().min(1).optional(),
  }),
]);

const saltedDigest = z.strictObject({
  algorithm: z.enum(["sha256", "sha1", "md5"]),
  /** How the digest was made: of the salt followed by the password, or the other way round. */
  order: z.enum(["salt-then-password", "password-then-salt"]),
  encoding: z.enum(["hex", "base64"]),
  /** Where the salt is: its own column (`users.columns.salt`), or before the digest in the hash column (`<salt>$<digest>`). */
  salt: z.enum(["column", "prefix"]),
});

const newPasswords = z.discriminatedUnion("algorithm", [
  z.strictObject({ algorithm: z.literal("bcrypt"), cost: z.number().int().min(10).max(15).default(12) }),
  z.strictObject({
    algorithm: z.literal("argon2id"),
    memoryKiB: z.number().int().min(19_456).default(19_456),
    iterations: z.number().int().min(2).default(2),
    parallelism: z.number().int().min(1).default(1),
  }),
]);

const facadeConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  listen: z.strictObject({
    host: z.string().default("127.0.0.1"),
    port: z.number().int().min(0).max(65_535),
  }),
  /**
   * Processes serving the port together (node:cluster): one per core given to the facade,
   * each with its own database pool of `database.pool.max` connections. @default 1
   */
  workers: z.number().int().min(1).max(64).default(1),
  tls: z.strictObject({
    certificateFile: z.string().min(1),
    keyFile: z.string().min(1),
  }),
  auth0: z.strictObject({
    /** The tenant's canonical domain; tokens must be issued by https://<domain>/ and signed by its JWKS. */
    domain: z
      .string()
      .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, { message: "expected a lowercase host name like acme.eu.auth0.com" }),
    audience: z.string().min(1),
    /** The scripts' M2M client and the stage's approved clients (the `azp` of accepted tokens). */
    approvedClientIds: z.array(z.string().regex(/^[A-Za-z0-9]{32}$/, { message: "expected an Auth0 client ID (32 letters and digits)" })).min(1),
    /** Where the signing keys are; @default https://<domain>/.well-known/jwks.json */
    jwksUrl: z.url({ protocol: /^https$/ }).optional(),
    /** PEM of the CA that signs the JWKS host's certificate (an egress proxy that inspects TLS); @default Node's public CAs */
    jwksCaFile: z.string().min(1).optional(),
    /** A token whose kid is not in the cached keys triggers one refetch, at most this often. */
    jwksRefetchCooldownSeconds: z.number().int().min(1).max(3600).default(30),
  }),
  database: z.strictObject({
    engine: z.enum(["postgres", "mysql"]),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65_535),
    database: identifier,
    user: z.string().min(1),
    /** The environment variable holding the password: never the password itself. */
    passwordEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, { message: "expected the name of an environment variable (FACADE_DB_PASSWORD)" }),
    tls: databaseTls,
    pool: z
      .strictObject({
        max: z.number().int().min(1).max(200).default(10),
        connectTimeoutMs: z.number().int().min(100).max(30_000).default(3_000),
        queryTimeoutMs: z.number().int().min(100).max(30_000).default(3_000),
      })
      .default({ max: 10, connectTimeoutMs: 3_000, queryTimeoutMs: 3_000 }),
  }),
  users: z.strictObject({
    table: identifier,
    /** How a user is identified: `user_id` is this column's value as text. */
    idType: z.enum(["integer", "text", "uuid"]),
    columns: z.strictObject({
      id: identifier,
      email: identifier,
      passwordHash: identifier,
      emailVerified: identifier.optional(),
      salt: identifier.optional(),
      username: identifier.optional(),
      name: identifier.optional(),
      givenName: identifier.optional(),
      familyName: identifier.optional(),
      nickname: identifier.optional(),
      picture: identifier.optional(),
    }),
    saltedDigest: saltedDigest.optional(),
    newPasswords: newPasswords.default({ algorithm: "bcrypt", cost: 12 }),
  }),
  /** Operations besides authenticate and lookup, each off unless enabled: the same least privilege as the scopes. */
  operations: z
    .strictObject({
      create: z.boolean().default(false),
      verifyEmail: z.boolean().default(false),
      changePassword: z.boolean().default(false),
      remove: z.boolean().default(false),
    })
    .default({ create: false, verifyEmail: false, changePassword: false, remove: false }),
  allowlist: z.strictObject({
    /** The tenant region's outbound ranges (the stack's `facade_firewall_allowlist` output). */
    sourceRanges: z.array(cidr).min(1),
    /** Proxies whose X-Forwarded-For is believed; the client is the last address before them. @default none */
    trustedProxies: z.array(cidr).default([]),
  }),
  rateLimits: z
    .strictObject({
      /** Requests per approved client (token `azp`), per instance, counted after the token is verified. */
      perClient: window.default({ max: 600, windowSeconds: 60 }),
      /** Failed password attempts per user (or per email no user has), shared by every instance. */
      failedLogins: window.default({ max: 10, windowSeconds: 300 }),
      perSource: z
        .never({
          message:
            "is no longer read: the sources are Auth0's outbound addresses, which every tenant of the region shares, so any of them could spend it; use perClient (per approved client, after the token)",
        })
        .optional(),
      perEmail: z.never({ message: "is now failedLogins: failed attempts per user, counted on failures only" }).optional(),
    })
    .default({ perClient: { max: 600, windowSeconds: 60 }, failedLogins: { max: 10, windowSeconds: 300 } }),
  /** Where the audit log goes: a file (appended, one JSON object per line), or "-" for stdout. */
  auditLog: z.string().min(1).default("-"),
  /** Prometheus metrics (`GET /metrics`, plain HTTP) on a port of their own; with workers, the primary serves their sum. */
  metrics: z
    .strictObject({
      host: z.string().default("127.0.0.1"),
      port: z.number().int().min(0).max(65_535).default(9464),
    })
    .default({ host: "127.0.0.1", port: 9464 }),
  /** The service log's level (pino, JSON on stderr). */
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug"]).default("info"),
});

export type FacadeConfig = z.output<typeof facadeConfigSchema> & {
  /** The file it was read from. */
  readonly sourceFile: string;
};

/** One clear error for a bad config file: every problem, as file: field: expected, found. */
export class FacadeConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(
      `invalid facade configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((problem) => `  ${file}: ${problem}`).join("\n")}`,
    );
    this.name = "FacadeConfigError";
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

function shown(value: unknown): string {
  const text = (JSON.stringify(value) ?? String(value)).replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"]*@/gi, "$1***@");
  return text.length > 80 ? `${text.slice(0, 39)}...${text.slice(-38)}` : text;
}

/** Validates a parsed config; `file` names it in errors and anchors its relative paths. */
export function parseFacadeConfig(value: unknown, file: string): FacadeConfig {
  const result = facadeConfigSchema.safeParse(value, { reportInput: true });
  if (!result.success) {
    throw new FacadeConfigError(
      file,
      result.error.issues.map((issue) => {
        const field = issue.path.map((key, index) => (typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${String(key)}`)).join("");
        const expected =
          issue.code === "unrecognized_keys"
            ? `unknown field${issue.keys.length === 1 ? "" : "s"} ${issue.keys.map((key) => `"${key}"`).join(", ")}`
            : issue.message;
        const found =
          issue.code === "unrecognized_keys" || issue.input === undefined ? (issue.input === undefined ? " (missing)" : "") : `, found ${shown(issue.input)}`;
        return `${field === "" ? "" : `${field}: `}${expected}${found}`;
      }),
    );
  }
  const config = result.data;
  if (config.users.saltedDigest?.salt === "column" && config.users.columns.salt === undefined) {
    throw new FacadeConfigError(file, ['users.columns.salt: expected the salt column, since users.saltedDigest.salt is "column"']);
  }
  const base = dirname(resolve(file));
  return {
    ...config,
    tls: { certificateFile: resolve(base, config.tls.certificateFile), keyFile: resolve(base, config.tls.keyFile) },
    auth0: config.auth0.jwksCaFile === undefined ? config.auth0 : { ...config.auth0, jwksCaFile: resolve(base, config.auth0.jwksCaFile) },
    database: {
      ...config.database,
      tls:
        config.database.tls.mode === "ca" && config.database.tls.caFile !== undefined
          ? { ...config.database.tls, caFile: resolve(base, config.database.tls.caFile) }
          : config.database.tls,
    },
    auditLog: config.auditLog === "-" ? "-" : resolve(base, config.auditLog),
    sourceFile: file,
  };
}

/** Reads and validates a facade config file. */
export function loadFacadeConfig(file: string): FacadeConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new FacadeConfigError(file, [`expected a readable file (${(error as NodeJS.ErrnoException).code ?? String(error)})`]);
  }
  const errors: ParseError[] = [];
  const value = parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0) {
    throw new FacadeConfigError(file, [
      `expected valid JSON, found a syntax error at ${lineAndColumn(text, errors[0].offset)} (${printParseErrorCode(errors[0].error)})`,
    ]);
  }
  return parseFacadeConfig(value, file);
}

/** The database password, from the environment variable the config names. Never logged. */
export function databasePassword(config: FacadeConfig, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const password = env[config.database.passwordEnv];
  if (password === undefined || password === "") {
    throw new FacadeConfigError(config.sourceFile, [
      `database.passwordEnv: expected the environment variable ${config.database.passwordEnv} to hold the database password, found it unset`,
    ]);
  }
  return password;
}

/** Why a file the config names cannot be used, or undefined. */
function fileFault(path: string, mode: "read" | "append"): string | undefined {
  try {
    if (mode === "read") {
      if (!statSync(path).isFile()) return "it is not a file";
      accessSync(path, constants.R_OK);
    } else if (existsSync(path)) accessSync(path, constants.W_OK);
    else accessSync(dirname(path), constants.W_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return mode === "append" && !existsSync(dirname(path)) ? `its folder ${dirname(path)} does not exist` : code;
  }
}

/**
 * Every file the config names, checked before anything starts: one error listing each
 * that cannot be read (certificates, keys, CA files) or appended to (the audit log).
 */
export function checkFacadeFiles(config: FacadeConfig): void {
  const files: [string, string | undefined, "read" | "append"][] = [
    ["tls.certificateFile", config.tls.certificateFile, "read"],
    ["tls.keyFile", config.tls.keyFile, "read"],
    ["auth0.jwksCaFile", config.auth0.jwksCaFile, "read"],
    ["database.tls.caFile", config.database.tls.mode === "ca" ? config.database.tls.caFile : undefined, "read"],
    ["auditLog", config.auditLog === "-" ? undefined : config.auditLog, "append"],
  ];
  const problems = files.flatMap(([field, path, mode]) => {
    if (path === undefined) return [];
    const fault = fileFault(path, mode);
    return fault === undefined ? [] : [`${field}: expected a file the facade can ${mode === "read" ? "read" : "append to"}, found ${path} (${fault})`];
  });
  if (problems.length > 0) throw new FacadeConfigError(config.sourceFile, problems);
}
