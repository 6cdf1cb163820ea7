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

  it("names every file it cannot use in one error at start, before touching the database, and `npm run facade` prints it without a stack trace", () => {
    const folder = mkdtempSync(join(tmpdir(), "facade-files-"));
    const example = JSON.parse(readFileSync(join(__dirname, "../../facade/examples/facade.json"), "utf8"));
    example.tls = { certificateFile: "missing/cert.pem", keyFile: "missing/key.pem" };
    example.auth0.jwksCaFile = "ca.pem";
    example.auditLog = "no-such-folder/audit.jsonl";
    const file = join(folder, "facade.json");
    writeFileSync(file, JSON.stringify(example));
    expect(() => checkFacadeFiles(loadFacadeConfig(file))).toThrow(FacadeConfigError);
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
