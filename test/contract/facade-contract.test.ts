import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FACADE_OPERATIONS, SCRIPT_NAMES, operationForScript, scopesForScripts } from "../../contract/facade-contract";
import { PROJECT_ROOT } from "../../lib/paths";

describe("the facade contract", () => {
  it("gives every script exactly one operation, and every operation its own scope", () => {
    expect(SCRIPT_NAMES.map(operationForScript)).toHaveLength(new Set(SCRIPT_NAMES.map(operationForScript)).size);
    const scopes = Object.values(FACADE_OPERATIONS).map((operation) => operation.scope);
    expect(new Set(scopes).size).toBe(scopes.length);
  });

  it("derives the scopes of a set of scripts, sorted and without duplicates", () => {
    expect(scopesForScripts(["login", "get_user", "login"])).toEqual(["users:authenticate", "users:read"]);
    expect(scopesForScripts([])).toEqual([]);
  });

  it("is the table docs/facade-contract.md documents for facade builders: paths, scopes, the error bodies that count, what is re-sent", () => {
    const readme = readFileSync(join(PROJECT_ROOT, "docs/facade-contract.md"), "utf8");
    for (const [name, operation] of Object.entries(FACADE_OPERATIONS)) {
      const row = readme
        .split("\n")
        .find((line) => line.startsWith(`| ${name} | \`${operation.method} ${operation.path}\` | \`${operation.scope}\` | \`${operation.script}\` |`));
      expect(row, name).toBeDefined();
      for (const [status, answer] of Object.entries(operation.answers)) {
        expect(row).toContain("error" in answer ? `\`${status} {"error":"${answer.error}"` : `\`${status}\``);
      }
      expect(row!.endsWith(operation.repeatable ? "| yes |" : "| never |"), name).toBe(true);
    }
  });

  it("re-sends no operation that carries a password", () => {
    for (const operation of Object.values(FACADE_OPERATIONS)) {
      const carriesPassword = ["login", "create", "change_password"].includes(operation.script);
      expect(operation.repeatable, operation.path).toBe(!carriesPassword);
    }
  });
});
