import { beforeEach, describe, expect, it } from "vitest";
import type { ReviewInput } from "../../../lib/review/review-input";
import { codeHttpsOnly } from "../../../lib/review/rules/code-https-only";
import { codeMatchesBundle } from "../../../lib/review/rules/code-matches-bundle";
import { codeModulesAllowed } from "../../../lib/review/rules/code-modules-allowed";
import { codeNoDynamicCode } from "../../../lib/review/rules/code-no-dynamic-code";
import { codeNoEmbeddedSecrets } from "../../../lib/review/rules/code-no-embedded-secrets";
import { codeNoProcess } from "../../../lib/review/rules/code-no-process";
import { codeNoSecretLogging } from "../../../lib/review/rules/code-no-secret-logging";
import { codeSizeLimit } from "../../../lib/review/rules/code-size-limit";
import { codeTlsVerification } from "../../../lib/review/rules/code-tls-verification";
import { connectionOptions, exampleInputs, messagesOf, mutated, resourceBody, violationsOf, withLoginGuardCode } from "../support/review-inputs";

let examples: Record<"dev" | "prod", ReviewInput>;
beforeEach(() => {
  examples = exampleInputs();
});

const GUARD = "Action legacy-users-facade-login-guard";
const messagesFor = (rule: Parameters<typeof messagesOf>[0], code: string) => messagesOf(rule, withLoginGuardCode(examples.dev, code));
const lines = (...code: string[]) => code.join("\n");

describe("code-matches-bundle", () => {
  it("passes the example stages: every script and Action is the repository's bundle", () => {
    expect(messagesOf(codeMatchesBundle, examples.dev)).toEqual([]);
    expect(messagesOf(codeMatchesBundle, examples.prod)).toEqual([]);
  });

  it("catches code that differs from the bundle by one byte, naming both hashes", () => {
    const input = mutated(examples.dev, (document) => {
      const guard = resourceBody(document, "auth0_action", "/LoginGuard/Guard/Action");
      guard.code = `${guard.code} `;
    });
    expect(violationsOf(codeMatchesBundle, input)).toEqual([
      {
        path: "dev/LoginGuard/Guard/Action",
        address: "auth0_action.LoginGuard_Action_1DEF15BE",
        message: expect.stringMatching(
          /^the Action legacy-users-facade-login-guard \(sha256 [0-9a-f]{16}, (\d+) bytes\) is not the bundle of actions\/post-login-guard\/index\.ts \(sha256 [0-9a-f]{16}, \d+ bytes\)$/,
        ),
      },
    ]);
  });

  it("catches a script no stage enables and an Action for a trigger the repository builds nothing for", () => {
    const input = mutated(examples.dev, (document) => {
      connectionOptions(document).custom_scripts.change_email = "function changeEmail(a, b, c, callback) { callback(null, true); }";
      resourceBody(document, "auth0_action", "/LoginGuard/Guard/Action").supported_triggers.id = "pre-user-registration";
    });
    expect(messagesOf(codeMatchesBundle, input)).toEqual([
      "the change_email script is a change_email script, which no stage enables: the repository builds no bundle it could be",
      'the Action legacy-users-facade-login-guard is an Action for the trigger "pre-user-registration": the repository builds no bundle it could be',
    ]);
  });

  it("leaves code Terraform would compute to code-size-limit", () => {
    const input = mutated(examples.dev, (document) => (resourceBody(document, "auth0_action", "/LoginGuard/Guard/Action").code = '${file("guard.js")}'));
    expect(messagesOf(codeMatchesBundle, input)).toEqual([]);
  });
});

describe("code-size-limit", () => {
  it("passes the example stages", () => {
    expect(messagesOf(codeSizeLimit, examples.dev)).toEqual([]);
    expect(messagesOf(codeSizeLimit, examples.prod)).toEqual([]);
  });

  it("accepts code of exactly Auth0's limit", () => {
    expect(messagesFor(codeSizeLimit, `//${"x".repeat(102_398)}`)).toEqual([]);
  });

  it("catches code over Auth0's limit", () => {
    expect(messagesFor(codeSizeLimit, `//${"x".repeat(102_400)}`)).toEqual([`the ${GUARD} is 102402 bytes, over Auth0's limit of 102400 bytes`]);
  });

  it("catches code that does not parse, which no code rule can read", () => {
    expect(messagesFor(codeSizeLimit, "exports.onExecutePostLogin = async (event, api) => {")).toEqual([
      `the ${GUARD} does not parse as JavaScript (Unexpected token (1:52)), so no code rule could read it`,
    ]);
  });

  it("catches code that Terraform would compute, which no code rule can read, and the other code rules skip it", () => {
    const input = mutated(examples.dev, (document) => (resourceBody(document, "auth0_action", "/LoginGuard/Guard/Action").code = '${file("guard.js")}'));
    expect(messagesOf(codeSizeLimit, input)).toEqual([
      `the ${GUARD} is not literal text (it holds a Terraform interpolation or is not a string), so no code rule could read it`,
    ]);
    expect(messagesOf(codeTlsVerification, input)).toEqual([]);
    expect(messagesOf(codeNoSecretLogging, input)).toEqual([]);
  });
});

describe("code-modules-allowed", () => {
  it("passes the example stages, which require https, tls and crypto by name", () => {
    expect(messagesOf(codeModulesAllowed, examples.dev)).toEqual([]);
    expect(messagesFor(codeModulesAllowed, lines('require("https");', "require('node:tls');", "const { x } = obj.required;"))).toEqual([]);
  });

  it("catches a module outside the allowlist, a computed name, import(), and require used as a value or a member", () => {
    const code = lines(
      'require("http");',
      'require("child_process");',
      "require(name);",
      'require("ht" + "tps");',
      "const r = require;",
      'import("https");',
      'module.require("https");',
      'globalThis["require"]("https");',
      'require("https", "again");',
    );
    expect(messagesFor(codeModulesAllowed, code)).toEqual([
      `${GUARD}, line 1: loads "http", which is not an allowed built-in`,
      `${GUARD}, line 2: loads "child_process", which is not an allowed built-in`,
      `${GUARD}, line 3: uses require other than as require("<allowed built-in>") with a literal name`,
      `${GUARD}, line 4: uses require other than as require("<allowed built-in>") with a literal name`,
      `${GUARD}, line 5: uses require other than as require("<allowed built-in>") with a literal name`,
      `${GUARD}, line 9: uses require other than as require("<allowed built-in>") with a literal name`,
      `${GUARD}, line 6: loads a module with import()`,
      `${GUARD}, line 7: reaches require through a member (module.require, globalThis.require, ...)`,
      `${GUARD}, line 8: reaches require through a member (module.require, globalThis.require, ...)`,
    ]);
  });
});

describe("code-no-process", () => {
  it("passes the example stages", () => {
    expect(messagesOf(codeNoProcess, examples.dev)).toEqual([]);
    expect(messagesFor(codeNoProcess, lines("const processed = 1;", "settings.process = 2;", "const { process: step } = settings;"))).toEqual([]);
  });

  it("catches process under any spelling", () => {
    const code = lines("process.env.X;", 'const e = process["env"];', "const p = process;", "globalThis.process.exit();", 'global["pro" + "cess"];');
    expect(messagesFor(codeNoProcess, code)).toEqual([
      `${GUARD}, line 1: touches process`,
      `${GUARD}, line 2: touches process`,
      `${GUARD}, line 3: touches process`,
      `${GUARD}, line 4: reaches process through a member (globalThis.process, ...)`,
      `${GUARD}, line 5: reaches process through a member (globalThis.process, ...)`,
    ]);
  });
});

describe("code-no-dynamic-code", () => {
  it("passes the example stages, and words in strings, methods named eval, function timers and socket timeouts", () => {
    expect(messagesOf(codeNoDynamicCode, examples.dev)).toEqual([]);
    const code = lines(
      'const text = "never eval( this ) nor Function( that )";',
      "parser.evaluate(body);",
      "setTimeout(() => run(), 10);",
      "setTimeout(run, 10);",
      "socket.setTimeout(0);",
      "const table = { [KEY]: 1 };",
      "const value = lookup[name];",
    );
    expect(messagesFor(codeNoDynamicCode, code).filter((message) => !message.includes("builds an object key"))).toEqual([]);
  });

  it("catches eval and Function called or not, constructors, string timers, computed global lookups and keys", () => {
    const code = lines(
      "eval(body);",
      'const f = new Function("a", body);',
      "const g = eval;",
      'setTimeout("run()", 10);',
      "setInterval(`tick()`, 10);",
      "[].constructor.constructor(body);",
      "globalThis[name]();",
      'globalThis["ev" + "al"](body);',
      "const o = { [name]: false };",
      "globalThis.setImmediate('x');",
    );
    expect(messagesFor(codeNoDynamicCode, code)).toEqual([
      `${GUARD}, line 1: uses eval`,
      `${GUARD}, line 3: uses eval`,
      `${GUARD}, line 2: uses Function`,
      `${GUARD}, line 4: passes code as text to setTimeout`,
      `${GUARD}, line 5: passes code as text to setInterval`,
      `${GUARD}, line 6: reaches a constructor through .constructor, which builds functions from text`,
      `${GUARD}, line 6: reaches a constructor through .constructor, which builds functions from text`,
      `${GUARD}, line 7: looks up a member of globalThis by a name computed at run time`,
      `${GUARD}, line 8: reaches eval through a member (globalThis.eval, ...)`,
      `${GUARD}, line 9: builds an object key at run time`,
      `${GUARD}, line 10: passes code as text to setImmediate`,
    ]);
  });
});

describe("code-tls-verification", () => {
  it("passes the example stages, whose pinned agent sets rejectUnauthorized: pinSet.size === 0", () => {
    expect(messagesOf(codeTlsVerification, examples.dev)).toEqual([]);
    expect(messagesOf(codeTlsVerification, examples.prod)).toEqual([]);
    expect(messagesFor(codeTlsVerification, "connect({ ...options, rejectUnauthorized: pinSet.size === 0 });")).toEqual([]);
  });

  it("catches every other way of writing rejectUnauthorized, however it is spelled", () => {
    const code = lines(
      "const a = { rejectUnauthorized: false };",
      "const b = { rejectUnauthorized: !!0 };",
      'const c = { "rejectUnauthorized": 0 };',
      "agent.options.rejectUnauthorized = false;",
      'const d = { ["reject" + "Unauthorized"]: false };',
      "const e = { rejectUnauthorized: true };",
      "const f = { rejectUnauthorized: pinSet.size === 0 || true };",
      "const g = { rejectUnauthorized };",
      'options["rejectUnauthorized"] = 0;',
      "// a comment naming rejectUnauthorized: false is not code",
    );
    const message =
      'sets or names rejectUnauthorized other than as the pinned agent\'s "rejectUnauthorized: <pins>.size === 0", which can disable certificate verification';
    expect(messagesFor(codeTlsVerification, code)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((line) => `${GUARD}, line ${line}: ${message}`));
  });

  it("catches NODE_TLS_REJECT_UNAUTHORIZED and checkServerIdentity, however spelled", () => {
    const code = lines(
      'x["NODE_TLS_" + "REJECT_UNAUTHORIZED"] = "0";',
      "const y = `NODE_TLS_REJECT_UNAUTHORIZED`;",
      "const z = { checkServerIdentity: () => undefined };",
      'o["check" + "ServerIdentity"] = f;',
    );
    expect(messagesFor(codeTlsVerification, code)).toEqual([
      `${GUARD}, line 1: names NODE_TLS_REJECT_UNAUTHORIZED, which disables certificate verification for the whole process`,
      `${GUARD}, line 2: names NODE_TLS_REJECT_UNAUTHORIZED, which disables certificate verification for the whole process`,
      `${GUARD}, line 3: overrides checkServerIdentity, the check that ties a certificate to the host`,
      `${GUARD}, line 4: overrides checkServerIdentity, the check that ties a certificate to the host`,
    ]);
  });

  it("reads custom database scripts too", () => {
    const input = mutated(examples.dev, (document) => {
      connectionOptions(document).custom_scripts.login =
        "function login(email, password, callback) {\n  https.request(url, { rejectUnauthorized: false });\n}\n";
    });
    expect(violationsOf(codeTlsVerification, input)).toEqual([
      {
        path: "dev/CustomDatabase/Connection",
        address: "auth0_connection.CustomDatabase_Connection_F257C256",
        message:
          'login script, line 2: sets or names rejectUnauthorized other than as the pinned agent\'s "rejectUnauthorized: <pins>.size === 0", which can disable certificate verification',
      },
    ]);
  });
});

describe("code-https-only", () => {
  it("passes the example stages", () => {
    expect(messagesOf(codeHttpsOnly, examples.dev)).toEqual([]);
    expect(messagesOf(codeHttpsOnly, examples.prod)).toEqual([]);
  });

  it("catches a plain http:// URL in a string, a template, or pieces put together", () => {
    const code = lines(
      'const url = "https://ok.example";',
      "fetch(`http://legacy.example/${path}`);",
      'const joined = "ht" + "tp://legacy.example";',
      "// http://in.a.comment",
    );
    expect(messagesFor(codeHttpsOnly, code)).toEqual([`${GUARD}, line 2: holds a plain http:// URL`, `${GUARD}, line 3: holds a plain http:// URL`]);
  });

  it("points at the line of the URL inside a multi-line template", () => {
    expect(messagesFor(codeHttpsOnly, "const a = 1;\nconst page = `first line\nsecond line\nsee http://legacy.example`;")).toEqual([
      `${GUARD}, line 2: holds a plain http:// URL`,
    ]);
  });
});

describe("code-no-secret-logging", () => {
  it("passes the example stages", () => {
    expect(messagesOf(codeNoSecretLogging, examples.dev)).toEqual([]);
    expect(messagesOf(codeNoSecretLogging, examples.prod)).toEqual([]);
  });

  it("catches passwords, tokens and secrets in logs, error messages and thrown values, not the words in text", () => {
    const code = lines(
      'console.log("login for", email, password);',
      "console.error(`token: ${settings.accessToken}`);",
      "callback(new Error(`refused ${configuration.CLIENT_SECRET}`));",
      'console.log("the token endpoint answered", status);',
      'callback(new WrongUsernameOrPasswordError(email, "wrong email or password"));',
      "throw token;",
      'console["warn"](authorization);',
    );
    expect(messagesFor(codeNoSecretLogging, code)).toEqual([
      `${GUARD}, line 1: console.log(...) writes password to the logs`,
      `${GUARD}, line 2: console.error(...) writes accessToken to the logs`,
      `${GUARD}, line 3: Error(...) puts CLIENT_SECRET in an error message, which Auth0 logs`,
      `${GUARD}, line 6: throws a value made of token, which Auth0 logs`,
      `${GUARD}, line 7: console.warn(...) writes authorization to the logs`,
    ]);
  });

  it("catches console reached in any way but a direct call, whatever it logs", () => {
    const code = lines("const l = console.log;", "const c = console;", "console.log.call(null, 1);", "console[method](1);", "run(console);");
    const message = "uses console other than by calling console.<method>(...) directly, so what it logs cannot be read";
    expect(messagesFor(codeNoSecretLogging, code)).toEqual([1, 2, 3, 4, 5].map((line) => `${GUARD}, line ${line}: ${message}`));
  });

  it("names the call once, with each sensitive value once", () => {
    expect(messagesFor(codeNoSecretLogging, "console.log(password, clientSecret, password);")).toEqual([
      `${GUARD}, line 1: console.log(...) writes password, clientSecret to the logs`,
    ]);
  });
});

describe("code-no-embedded-secrets", () => {
  it("passes the example stages", () => {
    expect(messagesOf(codeNoEmbeddedSecrets, examples.dev)).toEqual([]);
    expect(messagesOf(codeNoEmbeddedSecrets, examples.prod)).toEqual([]);
  });

  it("catches a private key, a JWT and a high-entropy token, never quoting them", () => {
    const code = lines(
      "const key = `-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----`;",
      'const token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ";',
      'const secret = "q8Xw2LmN4vB7cR1tY6uI0oP3aS5dF9gHjK2lZxC7vB4nM1qW8eR5tY3uI6oP0aSd";',
      'const clientId = "Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja";',
    );
    expect(messagesFor(codeNoEmbeddedSecrets, code)).toEqual([
      `${GUARD}, line 1: contains what looks like a PEM private key`,
      `${GUARD}, line 4: contains what looks like a JWT`,
      `${GUARD}, line 5: contains what looks like a high-entropy token`,
    ]);
  });
});
