import { beforeEach, describe, expect, it } from "vitest";
import type { ReviewInput } from "../../../lib/review/review-input";
import { codeHttpsOnly } from "../../../lib/review/rules/code-https-only";
import { codeNoDynamicCode } from "../../../lib/review/rules/code-no-dynamic-code";
import { codeNoEmbeddedSecrets } from "../../../lib/review/rules/code-no-embedded-secrets";
import { codeNoSecretLogging } from "../../../lib/review/rules/code-no-secret-logging";
import { codeSizeLimit } from "../../../lib/review/rules/code-size-limit";
import { codeTlsVerification } from "../../../lib/review/rules/code-tls-verification";
import { exampleInputs, messagesOf, mutated, resourceBody, violationsOf, withLoginGuardCode } from "../support/review-inputs";

let examples: Record<"dev" | "prod", ReviewInput>;
beforeEach(() => {
  examples = exampleInputs();
});

const GUARD = "Action legacy-users-facade-login-guard";
const messagesFor = (rule: Parameters<typeof messagesOf>[0], code: string) => messagesOf(rule, withLoginGuardCode(examples.dev, code));

describe("code-tls-verification", () => {
  it("passes the example stages, whose pinned agent sets rejectUnauthorized: pinSet.size === 0", () => {
    expect(messagesOf(codeTlsVerification, examples.dev)).toEqual([]);
    expect(messagesOf(codeTlsVerification, examples.prod)).toEqual([]);
    expect(messagesFor(codeTlsVerification, "connect({ ...options, rejectUnauthorized: pinSet.size === 0 });\nconst ok = { rejectUnauthorized: true };")).toEqual([]);
  });

  it("catches every literal way of disabling certificate verification", () => {
    const code = [
      "const a = { rejectUnauthorized: false };",
      "const b = { rejectUnauthorized: !1 };",
      'const c = { "rejectUnauthorized": 0 };',
      "agent.options.rejectUnauthorized = false;",
      'process.env["NODE_TLS_REJECT_UNAUTHORIZED"] = "0";',
      "const d = { checkServerIdentity: () => undefined };",
      "const e = { checkServerIdentity: function () {} };",
      "const f = { checkServerIdentity(host, cert) { return; } };",
      "const g = { rejectUnauthorized:   false };",
      "// a comment saying rejectUnauthorized: false is not code",
    ].join("\n");
    expect(violationsOf(codeTlsVerification, withLoginGuardCode(examples.dev, code))).toEqual(
      [
        "line 1: sets rejectUnauthorized: false, which disables certificate verification",
        "line 2: sets rejectUnauthorized: !1, which disables certificate verification",
        'line 3: sets "rejectUnauthorized": 0, which disables certificate verification',
        "line 4: sets rejectUnauthorized = false, which disables certificate verification",
        "line 9: sets rejectUnauthorized: false, which disables certificate verification",
        "line 5: touches NODE_TLS_REJECT_UNAUTHORIZED, which disables certificate verification for the whole process",
        "line 6: declares a checkServerIdentity that accepts any certificate",
        "line 7: declares a checkServerIdentity that accepts any certificate",
        "line 8: declares a checkServerIdentity that accepts any certificate",
      ].map((message) => ({ path: "dev/LoginGuard/Guard/Action", address: "auth0_action.LoginGuard_Action_1DEF15BE", message: `${GUARD}, ${message}` })),
    );
  });

  it("sees through the spacing of a negation", () => {
    const code = ["const a = { rejectUnauthorized: ! 1 };", "const b = { rejectUnauthorized: !true };", "const c = { rejectUnauthorized: ! true };"].join("\n");
    expect(messagesFor(codeTlsVerification, code)).toEqual([
      `${GUARD}, line 1: sets rejectUnauthorized: ! 1, which disables certificate verification`,
      `${GUARD}, line 2: sets rejectUnauthorized: !true, which disables certificate verification`,
      `${GUARD}, line 3: sets rejectUnauthorized: ! true, which disables certificate verification`,
    ]);
  });

  it("reads custom database scripts too", () => {
    const input = mutated(examples.dev, (document) => {
      const connection = resourceBody(document, "auth0_connection", "/CustomDatabase/Connection");
      connection.options.custom_scripts.login = "function login(email, password, callback) {\n  https.request(url, { rejectUnauthorized: false });\n}\n";
    });
    expect(violationsOf(codeTlsVerification, input)).toEqual([
      {
        path: "dev/CustomDatabase/Connection",
        address: "auth0_connection.CustomDatabase_Connection_F257C256",
        message: "login script, line 2: sets rejectUnauthorized: false, which disables certificate verification",
      },
    ]);
  });
});

describe("code-https-only", () => {
  it("passes the example stages", () => {
    expect(messagesOf(codeHttpsOnly, examples.dev)).toEqual([]);
    expect(messagesOf(codeHttpsOnly, examples.prod)).toEqual([]);
  });

  it("catches a plain http:// URL and the http module", () => {
    const code = ['const url = "https://ok.example";', "fetch(`http://legacy.example/${path}`);", 'const http = require("http");'].join("\n");
    expect(messagesFor(codeHttpsOnly, code)).toEqual([`${GUARD}, line 2: holds a plain http:// URL`, `${GUARD}, line 3: loads Node's plain http module`]);
  });

  it("finds the http module however the call is spaced, and not https", () => {
    const code = ['const a = require ("http");', "const b = require( 'node:http' );", 'const c = require("https");'].join("\n");
    expect(messagesFor(codeHttpsOnly, code)).toEqual([`${GUARD}, line 1: loads Node's plain http module`, `${GUARD}, line 2: loads Node's plain http module`]);
  });

  it("points at the line of the URL inside a multi-line template", () => {
    expect(messagesFor(codeHttpsOnly, "const a = 1;\nconst page = `first line\nsecond line\nsee http://legacy.example`;")).toEqual([`${GUARD}, line 4: holds a plain http:// URL`]);
  });
});

describe("code-no-dynamic-code", () => {
  it("passes the example stages", () => {
    expect(messagesOf(codeNoDynamicCode, examples.dev)).toEqual([]);
    expect(messagesOf(codeNoDynamicCode, examples.prod)).toEqual([]);
  });

  it("catches eval, the Function constructor, string timers and vm, but not the words in strings", () => {
    const code = [
      "eval(body);",
      'const f = new Function("a", body);',
      'setTimeout("run()", 10);',
      'require("vm").runInNewContext(body);',
      'const text = "never eval( this ) nor Function( that )";',
      "const evaluation = typeof x === 'function';",
      'setInterval ( "tick()", 10);',
    ].join("\n");
    expect(messagesFor(codeNoDynamicCode, code)).toEqual([
      `${GUARD}, line 1: uses eval`,
      `${GUARD}, line 2: builds a function from text with the Function constructor`,
      `${GUARD}, line 3: passes a string of code to setTimeout`,
      `${GUARD}, line 7: passes a string of code to setInterval`,
      `${GUARD}, line 4: runs text as code with vm's runInNewContext`,
      `${GUARD}, line 4: loads Node's vm module`,
    ]);
  });

  it("catches eval after other code, spaced calls and runInContext, but not a method named eval", () => {
    const code = [
      "const x = 1; eval(body);",
      "const f = new Function (body);",
      "vm.runInContext(body, context);",
      'const vm = require ("vm"), other = require( "node:vm" );',
      "parser.eval(body);",
    ].join("\n");
    expect(messagesFor(codeNoDynamicCode, code)).toEqual([
      `${GUARD}, line 1: uses eval`,
      `${GUARD}, line 2: builds a function from text with the Function constructor`,
      `${GUARD}, line 3: runs text as code with vm's runInContext`,
      `${GUARD}, line 4: loads Node's vm module`,
      `${GUARD}, line 4: loads Node's vm module`,
    ]);
  });
});

describe("code-no-secret-logging", () => {
  it("passes the example stages", () => {
    expect(messagesOf(codeNoSecretLogging, examples.dev)).toEqual([]);
    expect(messagesOf(codeNoSecretLogging, examples.prod)).toEqual([]);
  });

  it("catches passwords, tokens and secrets in logs and error messages, not the words in text", () => {
    const code = [
      'console.log("login for", email, password);',
      "console.error(`token: ${settings.accessToken}`);",
      "callback(new Error(`refused ${configuration.CLIENT_SECRET}`));",
      'console.log("the token endpoint answered", status);',
      "callback(new WrongUsernameOrPasswordError(email, \"wrong email or password\"));",
      "console.info(settings.tokenUrl);",
    ].join("\n");
    expect(messagesFor(codeNoSecretLogging, code)).toEqual([
      `${GUARD}, line 1: console.log(...) writes password to the logs`,
      `${GUARD}, line 2: console.error(...) writes accessToken to the logs`,
      `${GUARD}, line 3: new Error(...) writes CLIENT_SECRET to the logs`,
    ]);
  });

  it("names the call in one spacing and each sensitive value once", () => {
    const code = ["console.log(password, clientSecret, password);", "throw new   Error(accessToken);"].join("\n");
    expect(messagesFor(codeNoSecretLogging, code)).toEqual([
      `${GUARD}, line 1: console.log(...) writes password, clientSecret to the logs`,
      `${GUARD}, line 2: new Error(...) writes accessToken to the logs`,
    ]);
  });
});

describe("code-no-embedded-secrets", () => {
  it("passes the example stages", () => {
    expect(messagesOf(codeNoEmbeddedSecrets, examples.dev)).toEqual([]);
    expect(messagesOf(codeNoEmbeddedSecrets, examples.prod)).toEqual([]);
  });

  it("catches a private key, a JWT and a high-entropy token, never quoting them", () => {
    const code = [
      "const key = `-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----`;",
      'const token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ";',
      'const secret = "q8Xw2LmN4vB7cR1tY6uI0oP3aS5dF9gHjK2lZxC7vB4nM1qW8eR5tY3uI6oP0aSd";',
      'const clientId = "Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja";',
    ].join("\n");
    expect(messagesFor(codeNoEmbeddedSecrets, code)).toEqual([
      `${GUARD}, line 1: contains what looks like a PEM private key`,
      `${GUARD}, line 4: contains what looks like a JWT`,
      `${GUARD}, line 5: contains what looks like a high-entropy token`,
    ]);
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

  it("leaves code that Terraform would compute to code-size-limit: the pattern rules skip it", () => {
    const input = mutated(examples.dev, (document) => {
      resourceBody(document, "auth0_action", "/LoginGuard/Guard/Action").code = '${file("guard.js")}';
    });
    expect(messagesOf(codeTlsVerification, input)).toEqual([]);
    expect(messagesOf(codeNoSecretLogging, input)).toEqual([]);
  });

  it("catches code that Terraform would compute, which no code rule can read", () => {
    const input = mutated(examples.dev, (document) => {
      resourceBody(document, "auth0_action", "/LoginGuard/Guard/Action").code = '${file("guard.js")}';
    });
    expect(messagesOf(codeSizeLimit, input)).toEqual([
      `the ${GUARD} is not literal text (it holds a Terraform interpolation or is not a string), so no code rule could read it`,
    ]);
  });
});
