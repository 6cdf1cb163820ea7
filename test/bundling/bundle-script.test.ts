import { Script } from "node:vm";
import { describe, expect, it } from "vitest";
import { SCRIPT_NAMES } from "../../contract/facade-contract";
import { bundleError } from "../../lib/bundling/bundle";
import { bundleScript } from "../../lib/bundling/bundle-script";
import { SCRIPT_SIGNATURES } from "../../lib/bundling/script-signatures";
import { scratchProject } from "../support/scratch-project";

describe("bundled custom database scripts", () => {
  it.each(SCRIPT_NAMES)("%s is one function declaration with Auth0's parameters and every helper inside", (name) => {
    const { code } = bundleScript(name);
    const { functionName, parameters } = SCRIPT_SIGNATURES[name];
    expect(code.startsWith(`function ${functionName}(${parameters.join(", ")}) {\n`)).toBe(true);
    expect(code.endsWith("}\n")).toBe(true);
    const declared = new Script(`(${code})`).runInNewContext({}) as (...args: unknown[]) => unknown;
    expect(declared.name).toBe(functionName);
    expect(declared.length).toBe(parameters.length);
    // Compiles as a lone statement too: nothing outside the function.
    expect(() => new Script(code)).not.toThrow();
  });

  it.each(SCRIPT_NAMES)("%s requires only Node built-ins, and never plain http", (name) => {
    const { code } = bundleScript(name);
    const required = [...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((match) => match[1]);
    expect(required.length).toBeGreaterThan(0);
    expect(required.every((module) => ["https", "tls", "crypto"].includes(module))).toBe(true);
  });

  it("is deterministic and far below Auth0's 100 KB limit", () => {
    for (const name of SCRIPT_NAMES) {
      const first = bundleScript(name);
      expect(bundleScript(name).sha256).toBe(first.sha256);
      expect(first.bytes).toBeLessThan(20 * 1024);
    }
  });

  it("refuses an npm import, naming the file and what is allowed", () => {
    const root = scratchProject({
      "scripts/login.ts": 'import axios from "axios";\nexport default function login(a: string, b: string, c: unknown) { void axios; }\n',
    });
    expect(() => bundleScript("login", root)).toThrowError(
      bundleError(
        "scripts/login.ts",
        'code that runs inside Auth0 may import only the project\'s runtime sources (scripts/, actions/, contract/) and the Node built-ins buffer, crypto, events, https, tls, url, util (by bare name); found: scripts/login.ts imports "axios"',
      ),
    );
  });

  it("refuses a built-in that has no place in a script", () => {
    const root = scratchProject({
      "scripts/login.ts": 'import { exec } from "child_process";\nexport default function login(a: string, b: string, c: unknown) { void exec; }\n',
    });
    expect(() => bundleScript("login", root)).toThrow(/scripts\/login\.ts imports "child_process"/);
  });

  it("reports a syntax error with file, line and column", () => {
    const root = scratchProject({ "scripts/login.ts": "export default function login(a, b, c) {\n  return (;\n}\n" });
    expect(() => bundleScript("login", root)).toThrow(/^scripts\/login\.ts: does not build: scripts\/login\.ts:2:11: Unexpected ";"$/);
  });

  it("refuses a bundle over Auth0's limit, naming the file and the size", () => {
    const filler = `export const padding = "${"x".repeat(110 * 1024)}";\n`;
    const root = scratchProject({
      "scripts/shared/padding.ts": filler,
      "scripts/login.ts":
        'import { padding } from "./shared/padding";\nexport default function login(_email: string, _password: string, c: (e: null, p: string) => void) { c(null, padding); }\n',
    });
    expect(() => bundleScript("login", root)).toThrow(/^scripts\/login\.ts: the bundle is \d+ bytes, over Auth0's limit of 102400 bytes$/);
  });

  it("calls the script's default export with Auth0's parameters, in strict mode, with no module wrapper around it", () => {
    const { code } = bundleScript("login");
    expect(code.split("\n").slice(0, 2)).toEqual(["function login(email, password, callback) {", '"use strict";']);
    expect(code.endsWith("(email, password, callback);\n}\n")).toBe(true);
    expect(code).not.toMatch(/__require|__toCommonJS|__export/);
  });

  it("refuses a script without a default export, naming the file", () => {
    const root = scratchProject({ "scripts/login.ts": "export function login(email: string) { void email; }\n" });
    expect(() => bundleScript("login", root)).toThrow(/^scripts\/login\.ts: does not build: .*No matching export in "scripts\/login\.ts" for import "default"/);
  });
});
