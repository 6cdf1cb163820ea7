import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findCredentials } from "../../lib/review/code/credentials";
import { lineAt, parenthesized, scanJavaScript } from "../../lib/review/code/javascript-text";

describe("scanJavaScript", () => {
  it("blanks comments, and string, template and regular-expression contents, keeping code and ${} expressions", () => {
    const code = 'const a = "x(y"; // note (\nconst b = `t${f(c)}u`; /* z */ const r = /["(]/g; const d = e / 2;';
    const text = scanJavaScript(code);
    const comment = " ".repeat("// note (".length);
    const block = " ".repeat("/* z */".length);
    expect(text.withoutComments).toBe(`const a = "x(y"; ${comment}\nconst b = \`t\${f(c)}u\`; ${block} const r = /["(]/g; const d = e / 2;`);
    expect(text.outsideStrings).toBe(`const a = "   "; ${comment}\nconst b = \` \${f(c)} \`; ${block} const r = /    /g; const d = e / 2;`);
    expect(text.strings.map((literal) => literal.text)).toEqual(["x(y", "t", "u"]);
  });

  it("follows nested templates", () => {
    const text = scanJavaScript("`a${b + `c${d}e`}f` + g");
    expect(text.outsideStrings).toBe("` ${b + ` ${d} `} ` + g");
    expect(text.strings.map((literal) => literal.text)).toEqual(["a", "c", "e", "f"]);
  });

  it("keeps every view the same length with the same lines, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", " ", "\n", "/", "*", '"', "'", "`", "$", "{", "}", "(", ")", "\\", "=") }), (code) => {
        const text = scanJavaScript(code);
        for (const view of [text.withoutComments, text.outsideStrings]) {
          expect(view.length).toBe(code.length);
          expect([...view].map((char, index) => (char === "\n") === (code[index] === "\n")).every(Boolean)).toBe(true);
        }
      }),
    );
  });

  it("keeps braces inside a template's ${} as code, and finds the template's end after them", () => {
    const text = scanJavaScript("`a${ {k: 1}.k }b` + '(c)'");
    expect(text.outsideStrings).toBe("` ${ {k: 1}.k } ` + '   '");
    expect(text.strings.map((literal) => literal.text)).toEqual(["a", "b", "(c)"]);
  });

  it("tells a regular expression from a division by what comes before the slash", () => {
    expect(scanJavaScript("/a b/.test(c)").outsideStrings).toBe("/   /.test(c)");
    expect(scanJavaScript("x=/a b/;y=a/b/c").outsideStrings).toBe("x=/   /;y=a/b/c");
    expect(scanJavaScript("return /a b/").outsideStrings).toBe("return /   /");
    // Only the last few characters before the slash count, however much whitespace follows them.
    const division = `a${" ".repeat(20)}/ b / c`;
    expect(scanJavaScript(division).outsideStrings).toBe(division);
  });

  it("reads escapes and character classes inside a regular expression, which ends at its line", () => {
    const text = scanJavaScript("x = /a\\/b[/]c/g; y = 1");
    expect(text.outsideStrings).toBe(`x = /${" ".repeat(8)}/g; y = 1`);
    expect(scanJavaScript("x = /[a/]b/.test(c)").outsideStrings).toBe("x = /     /.test(c)");
    expect(scanJavaScript("x = /ab\ny = 1").outsideStrings).toBe("x = /  \ny = 1");
  });

  it("never takes a slash after plain code for a comment", () => {
    expect(scanJavaScript("a/b/c").withoutComments).toBe("a/b/c");
    expect(scanJavaScript("a*b/*c*/").withoutComments).toBe("a*b     ");
  });

  it("reads escapes in strings and templates, and ends a broken string at its line", () => {
    const text = scanJavaScript("a = 'b\\'c' + \"d\\\"e\" + `f\\`g${h}`;\ni = \"open\nj = 1");
    expect(text.strings).toEqual([
      { text: "b\\'c", start: 5 },
      { text: 'd\\"e', start: 14 },
      { text: "f\\`g", start: 23 },
      { text: "", start: 31 },
      { text: "open", start: 39 },
    ]);
    expect(text.outsideStrings).toBe("a = '    ' + \"    \" + `    ${h}`;\ni = \"    \nj = 1");
  });

  it("blanks comments that close right after they open, or never close", () => {
    expect(scanJavaScript("a /*/ b */ c").withoutComments).toBe(`a ${" ".repeat(8)} c`);
    expect(scanJavaScript("a = b*c /* d").withoutComments).toBe(`a = b*c ${" ".repeat(4)}`);
    expect(scanJavaScript("a = b // c").withoutComments).toBe(`a = b ${" ".repeat(4)}`);
  });

  it("finds lines and parenthesized arguments, or the rest of an unclosed call", () => {
    expect(lineAt("a\nb\nc", 4)).toBe(3);
    expect(lineAt("a\nb\nc", 3)).toBe(2);
    expect(lineAt("a\n", 99)).toBe(2);
    expect(parenthesized("f(a, g(b), c) + d", 1)).toBe("a, g(b), c");
    expect(parenthesized("f(a, g(b", 1)).toBe("a, g(b");
  });
});

describe("findCredentials", () => {
  it("finds keys, JWTs and random tokens, in order, each once", () => {
    const text = `k = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----"; t = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl"; s = "q8Xw2LmN4vB7cR1tY6uI0oP3aS5dF9gHjK2lZxC7vB4n"`;
    expect(findCredentials(text).map((found) => found.kind)).toEqual(["a PEM private key", "a JWT", "a high-entropy token"]);
  });

  it("reports them in the order of the text, whatever their kind", () => {
    const token = "q8Xw2LmN4vB7cR1tY6uI0oP3aS5dF9gHjK2lZxC7vB4n";
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl";
    const text = `s = "${token}"; t = "${jwt}"; u = "${token}"`;
    expect(findCredentials(text)).toEqual([
      { kind: "a high-entropy token", index: text.indexOf(token) },
      { kind: "a JWT", index: text.indexOf(jwt) },
      { kind: "a high-entropy token", index: text.lastIndexOf(token) },
    ]);
  });

  it("wants digits and letters beyond hex in a token: random letters alone or digits alone are not one", () => {
    expect(findCredentials("qXwLmNvBcRtYuIoPaSdFgHjKlZxCvBnMqWeRtYuIoPaSdFgHj")).toEqual([]);
    expect(findCredentials("8402751963184027519631840275196318402751963")).toEqual([]);
    expect(findCredentials("q8Xw2LmN4vB7cR1tY6uI0oP3aS5dF9gHjK2lZxC7vB4n")).toEqual([{ kind: "a high-entropy token", index: 0 }]);
  });

  it("leaves client IDs, SHA-256 pins, URLs and long identifiers alone", () => {
    for (const text of [
      "Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja",
      "5e2b791c0a8fd463b79011e42a6cf83d9b05c17248aef61d833c57e09ab2644f",
      "https://legacy-facade.dev.acme.example/users/authenticate",
      "__getOwnPropertyDescriptorOfTheModuleExports",
      "${auth0_client_credentials.FacadeClient_Credentials_D1E82999.client_secret}",
    ]) {
      expect(findCredentials(text), text).toEqual([]);
    }
  });
});
