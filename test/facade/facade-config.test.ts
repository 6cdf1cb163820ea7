import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FacadeConfigError, checkFacadeFiles, databasePassword, loadFacadeConfig } from "../../facade/config";

const AUDIENCE = "https://legacy-facade.test/";

describe("the facade's config file", () => {
  const write = (text: string) => {
    const file = join(mkdtempSync(join(tmpdir(), "facade-config-")), "facade.json");
    writeFileSync(file, text);
    return file;
  };
  const problems = (text: string) => {
    try {
      loadFacadeConfig(write(text));
    } catch (error) {
      expect(error).toBeInstanceOf(FacadeConfigError);
      return (error as FacadeConfigError).problems;
    }
    throw new Error("expected the config to be refused");
  };

  it("reports invalid JSON with its line and column", () => {
    expect(problems('{\n  "listen": { "port": 8443, }\n}')).toEqual(["expected valid JSON, found a syntax error at line 2, column 29 (PropertyNameExpected)"]);
  });

  it("names each bad field, says what was expected, and never echoes a credential in a URL", () => {
    const found = problems(
      JSON.stringify({
        listen: { port: 8443 },
        tls: { certificateFile: "c", keyFile: "k" },
        auth0: { domain: "Tenant", audience: AUDIENCE, approvedClientIds: ["short"], jwksUrl: "http://user:hunter2@tenant.test/jwks" },
      }),
    );
    expect(found).toContain('auth0.domain: expected a lowercase host name like acme.eu.auth0.com, found "Tenant"');
    expect(found).toContain('auth0.approvedClientIds[0]: expected an Auth0 client ID (32 letters and digits), found "short"');
    expect(found.join("\n")).not.toContain("hunter2");
    expect(found).toContain("database: Invalid input: expected object, received undefined (missing)");
  });

  it.each([
    [[]],
    [["--config"]],
    [["--config", "--port"]],
    [["--verbose", "--config", "facade.json"]],
    [["restart", "--config", "facade.json"]],
    [["migrate", "now", "--config", "facade.json"]],
  ])("answers the command line %j with its usage and exit 2, before reading any file", (args) => {
    const run = spawnSync(process.execPath, ["--import", "tsx", join(__dirname, "../../facade/main.ts"), ...args], { encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("usage: npm run facade -- [migrate | progress] --config <facade.json>");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("names every file it cannot use in one error at start, before touching the database, and `npm run facade` prints it without a stack trace", () => {
    const folder = mkdtempSync(join(tmpdir(), "facade-files-"));
    const example = JSON.parse(readFileSync(join(__dirname, "../../facade/examples/facade.json"), "utf8"));
    example.tls = { certificateFile: "missing/cert.pem", keyFile: "missing/key.pem" };
    example.auth0.jwksCaFile = "ca.pem";
    example.auditLog = "no-such-folder/audit.jsonl";
    const file = join(folder, "facade.json");
    writeFileSync(file, JSON.stringify(example));
    let refused: unknown;
    try {
      checkFacadeFiles(loadFacadeConfig(file));
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(FacadeConfigError);
    expect((refused as FacadeConfigError).problems).toEqual([
      `tls.certificateFile: expected a file the facade can read, found ${folder}/missing/cert.pem (ENOENT)`,
      `tls.keyFile: expected a file the facade can read, found ${folder}/missing/key.pem (ENOENT)`,
      `auth0.jwksCaFile: expected a file the facade can read, found ${folder}/ca.pem (ENOENT)`,
      `auditLog: expected a file the facade can append to, found ${folder}/no-such-folder/audit.jsonl (its folder ${folder}/no-such-folder does not exist)`,
    ]);
    const run = spawnSync(process.execPath, ["--import", "tsx", join(__dirname, "../../facade/main.ts"), "--config", file], { encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split("\n")).toEqual([
      "invalid facade configuration (4 problems):",
      `  ${file}: tls.certificateFile: expected a file the facade can read, found ${folder}/missing/cert.pem (ENOENT)`,
      `  ${file}: tls.keyFile: expected a file the facade can read, found ${folder}/missing/key.pem (ENOENT)`,
      `  ${file}: auth0.jwksCaFile: expected a file the facade can read, found ${folder}/ca.pem (ENOENT)`,
      `  ${file}: auditLog: expected a file the facade can append to, found ${folder}/no-such-folder/audit.jsonl (its folder ${folder}/no-such-folder does not exist)`,
    ]);
  });

  it("asks for the database password's environment variable by name when it is unset, without a value anywhere", () => {
    const config = { sourceFile: "facade.json", database: { passwordEnv: "LEGACY_DB_PASSWORD" } } as Parameters<typeof databasePassword>[0];
    expect(() => databasePassword(config, {})).toThrow(
      "facade.json: database.passwordEnv: expected the environment variable LEGACY_DB_PASSWORD to hold the database password, found it unset",
    );
  });
});

describe("the documented example config", () => {
  it("is a valid facade config", () => {
    const config = loadFacadeConfig("facade/examples/facade.json");
    expect(config).toMatchObject({ database: { engine: "postgres", tls: { mode: "pinned" } }, operations: { create: false, remove: false } });
  });
});

/** The example config with `edit` applied, as a file in a folder of its own, and the folder. */
function exampleWith(edit: (settings: Record<string, any>) => void): { file: string; folder: string } {
  const folder = mkdtempSync(join(tmpdir(), "facade-config-"));
  const settings = JSON.parse(readFileSync(join(__dirname, "../../facade/examples/facade.json"), "utf8"));
  edit(settings);
  const file = join(folder, "facade.json");
  writeFileSync(file, JSON.stringify(settings));
  return { file, folder };
}

function refusal(run: () => unknown): FacadeConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FacadeConfigError);
    return error as FacadeConfigError;
  }
  throw new Error("expected a FacadeConfigError");
}

describe("reading the facade's config", () => {
  it("fills every default an operations team relies on", () => {
    const config = loadFacadeConfig(
      exampleWith((settings) => {
        for (const field of ["rateLimits", "operations", "auditLog"]) delete settings[field];
        delete settings.database.pool;
        delete settings.listen.host;
      }).file,
    );
    expect(config).toMatchObject({
      listen: { host: "127.0.0.1", port: 8443 },
      workers: 1,
      metrics: { host: "127.0.0.1", port: 9464 },
      logLevel: "info",
      auditLog: "-",
      operations: { create: false, verifyEmail: false, changePassword: false, remove: false },
      rateLimits: { perClient: { max: 600, windowSeconds: 60 }, failedLogins: { max: 10, windowSeconds: 300 } },
      database: { pool: { max: 10, connectTimeoutMs: 3000, queryTimeoutMs: 3000 } },
      auth0: { jwksRefetchCooldownSeconds: 30 },
    });
  });

  it("resolves every file it names from the config's own folder, and leaves stdout as it is", () => {
    const { file, folder } = exampleWith((settings) => {
      settings.tls = { certificateFile: "tls/cert.pem", keyFile: "tls/key.pem" };
      settings.auth0.jwksCaFile = "proxy-ca.pem";
      settings.database.tls = { mode: "ca", caFile: "db-ca.pem" };
      settings.auditLog = "logs/audit.jsonl";
    });
    const config = loadFacadeConfig(file);
    expect([config.tls.certificateFile, config.tls.keyFile, config.auth0.jwksCaFile, config.auditLog]).toEqual([
      join(folder, "tls/cert.pem"),
      join(folder, "tls/key.pem"),
      join(folder, "proxy-ca.pem"),
      join(folder, "logs/audit.jsonl"),
    ]);
    expect(config.database.tls).toEqual({ mode: "ca", caFile: join(folder, "db-ca.pem") });
    expect(config.sourceFile).toBe(file);
    const plain = loadFacadeConfig(exampleWith((settings) => (settings.auditLog = "-")).file);
    expect([plain.auditLog, plain.auth0.jwksCaFile]).toEqual(["-", undefined]);
    expect(loadFacadeConfig(exampleWith((settings) => (settings.database.tls = { mode: "ca" })).file).database.tls).toEqual({ mode: "ca" });
  });

  it.each([
    ["10.0.0.0/8", true],
    ["203.0.113.7", true],
    ["2001:db8::/32", true],
    ["::1", true],
    ["0.0.0.0/0", true],
    ["10.0.0.0/33", false],
    ["2001:db8::/129", false],
    ["10.0.0.0/-1", false],
    ["10.0.0.0/8.5", false],
    ["10.0.0.0/8/1", false],
    ["legacy-db.internal/24", false],
  ])("reads %s as an allowlist range: %s", (range, accepted) => {
    const run = () => loadFacadeConfig(exampleWith((settings) => (settings.allowlist.sourceRanges = [range])).file);
    if (accepted) expect(run().allowlist.sourceRanges).toEqual([range]);
    else
      expect(refusal(run).problems).toEqual([
        `allowlist.sourceRanges[0]: expected an IP address or a CIDR range (203.0.113.0/24, 2001:db8::/32), found "${range}"`,
      ]);
  });

  it("reads pins with or without colons, and refuses anything else as a fingerprint", () => {
    const pin = "3F:5A:00:9C:1B:22:7D:E4:88:61:0A:B3:C5:D7:E9:F1:02:14:26:38:4A:5C:6E:70:82:94:A6:B8:CA:DC:EE:F0";
    const canonical = pin.replace(/:/g, "").toLowerCase();
    for (const written of [pin, canonical]) {
      const config = loadFacadeConfig(exampleWith((settings) => (settings.database.tls.sha256Pins = [written])).file);
      expect(config.database.tls).toEqual({ mode: "pinned", sha256Pins: [canonical] });
    }
    expect(refusal(() => loadFacadeConfig(exampleWith((settings) => (settings.database.tls.sha256Pins = ["3F:5A"])).file)).problems).toEqual([
      'database.tls.sha256Pins[0]: expected a SHA-256 fingerprint: 64 hex digits, with or without colons between byte pairs, found "3F:5A"',
    ]);
  });

  it("names unknown fields, missing ones, and shortens a long value it shows", () => {
    const error = refusal(() =>
      loadFacadeConfig(
        exampleWith((settings) => {
          settings.surprise = 1;
          settings.listen.extra = true;
          settings.listen.other = true;
          delete settings.users;
          settings.auth0.domain = `UPPER-${"x".repeat(100)}.example`;
        }).file,
      ),
    );
    expect(error.problems).toEqual([
      'listen: unknown fields "extra", "other"',
      // The first 39 and last 38 characters of the quoted value.
      `auth0.domain: expected a lowercase host name like acme.eu.auth0.com, found "UPPER-${"x".repeat(32)}...${"x".repeat(29)}.example"`,
      "users: Invalid input: expected object, received undefined (missing)",
      'unknown field "surprise"',
    ]);
    expect(error.message.split("\n")[0]).toBe("invalid facade configuration (4 problems):");
    expect(error.name).toBe("FacadeConfigError");
    const one = refusal(() => loadFacadeConfig(exampleWith((settings) => (settings.surprise = 1)).file));
    expect(one.message).toBe(`invalid facade configuration (1 problem):\n  ${one.file}: unknown field "surprise"`);
  });

  it("asks for the salt column when salted digests keep their salt in one", () => {
    const run = (salt?: string) => () =>
      loadFacadeConfig(
        exampleWith((settings) => {
          settings.users.saltedDigest = { algorithm: "sha256", order: "salt-then-password", encoding: "hex", salt: "column" };
          if (salt) settings.users.columns.salt = salt;
        }).file,
      );
    expect(refusal(run()).problems).toEqual(['users.columns.salt: expected the salt column, since users.saltedDigest.salt is "column"']);
    expect(run("salt")().users.columns.salt).toBe("salt");
  });

  it.each([
    ["a file that is not there", null, /^expected a readable file \(ENOENT\)$/],
    ["comments", '{ // no\n "listen": {} }', /^expected valid JSON, found a syntax error at line 1, column 3 \(InvalidCommentToken\)$/],
    ["a trailing comma", '{ "listen": {}, }', /^expected valid JSON, found a syntax error at line 1, column 17 \(PropertyNameExpected\)$/],
    ["an empty file", "", /^expected valid JSON, found a syntax error at line 1, column 1 \(ValueExpected\)$/],
  ])("refuses %s in one line", (_, text, expected) => {
    const folder = mkdtempSync(join(tmpdir(), "facade-config-"));
    const file = join(folder, "facade.json");
    if (text !== null) writeFileSync(file, text);
    const { problems } = refusal(() => loadFacadeConfig(file));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });

  it("reads the database password from the variable the config names, and refuses it empty", () => {
    const config = loadFacadeConfig(exampleWith(() => undefined).file);
    expect(databasePassword(config, { FACADE_DB_PASSWORD: "s3cret" })).toBe("s3cret");
    expect(refusal(() => databasePassword(config, { FACADE_DB_PASSWORD: "" })).problems).toEqual([
      "database.passwordEnv: expected the environment variable FACADE_DB_PASSWORD to hold the database password, found it unset",
    ]);
  });

  it("checks at start each file the config names, and only those", () => {
    const { file, folder } = exampleWith((settings) => {
      settings.tls = { certificateFile: "cert.pem", keyFile: "." };
      settings.database.tls = { mode: "ca", caFile: "db-ca.pem" };
      settings.auditLog = "audit.jsonl";
    });
    writeFileSync(join(folder, "cert.pem"), "pem");
    expect(refusal(() => checkFacadeFiles(loadFacadeConfig(file))).problems).toEqual([
      `tls.keyFile: expected a file the facade can read, found ${folder} (it is not a file)`,
      `database.tls.caFile: expected a file the facade can read, found ${folder}/db-ca.pem (ENOENT)`,
    ]);
    writeFileSync(join(folder, "key.pem"), "pem");
    writeFileSync(join(folder, "db-ca.pem"), "pem");
    writeFileSync(join(folder, "audit.jsonl"), "");
    const fine = exampleWith((settings) => {
      settings.tls = { certificateFile: join(folder, "cert.pem"), keyFile: join(folder, "key.pem") };
      settings.database.tls = { mode: "ca", caFile: join(folder, "db-ca.pem") };
      settings.auditLog = join(folder, "audit.jsonl");
    });
    expect(() => checkFacadeFiles(loadFacadeConfig(fine.file))).not.toThrow();
    const pinned = exampleWith((settings) => {
      settings.tls = { certificateFile: join(folder, "cert.pem"), keyFile: join(folder, "key.pem") };
      settings.auditLog = "-";
    });
    expect(() => checkFacadeFiles(loadFacadeConfig(pinned.file))).not.toThrow();
  });
});
