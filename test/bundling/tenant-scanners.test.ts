import { parse } from "acorn";
import { full } from "acorn-walk";
import { describe, expect, it } from "vitest";
import { FACADE_OPERATIONS } from "../../contract/facade-contract";
import { bundleAction } from "../../lib/bundling/bundle-action";
import { bundleScript } from "../../lib/bundling/bundle-script";
import { unmutatedSources } from "../support/synthesized-examples";

/**
 * What a hard-coded-value scanner of tenant code reports (Auth0's auth0-checkmate does
 * this for database scripts): every string literal given to a variable or an object
 * property, except one character, "0"/"1" and blanks. Those findings are expected for
 * protocol constants; a name that reads as a credential would not be.
 */
function hardCodedValueNames(code: string): string[] {
  const names: string[] = [];
  const isException = (text: string) => /^[0-1]$|^[a-z]$|^\s*$/i.test(text);
  full(parse(code, { ecmaVersion: "latest" }), (node: any) => {
    if (node.type === "VariableDeclaration") {
      for (const declaration of node.declarations) {
        if (declaration.init?.type === "Literal" && typeof declaration.init.value === "string" && !isException(declaration.init.value))
          names.push(declaration.id.name);
      }
    }
    if (node.type === "Property" && node.value.type === "Literal" && typeof node.value.value === "string" && !isException(node.value.value)) {
      names.push(node.key.name ?? node.key.value);
    }
  });
  return names;
}

const READS_AS_A_CREDENTIAL = /secret|password|passwd|token|credential|api_?key|private|^key$/i;

describe("the code Auth0 runs, as tenant scanners read it", () => {
  const scripts = (["login", "get_user"] as const).map((name) => bundleScript(name, unmutatedSources()));
  const actions = (["credentials-exchange", "post-login-guard"] as const).map((name) => bundleAction(name, unmutatedSources()));

  it.each([...scripts, ...actions].map((bundle) => [bundle.sourceFile, bundle] as const))(
    "gives no literal a name that reads as a credential: %s",
    (_, bundle) => {
      const names = hardCodedValueNames(bundle.code);
      expect(names.filter((name) => READS_AS_A_CREDENTIAL.test(name))).toEqual([]);
    },
  );

  it("bundles only the facade operation each script calls, so scanners see no table it does not use", () => {
    for (const bundle of scripts) {
      const paths = Object.values(FACADE_OPERATIONS).filter((operation) => bundle.code.includes(`"${operation.path}"`));
      expect(
        paths.map((operation) => operation.script),
        bundle.sourceFile,
      ).toEqual([bundle.name]);
    }
  });

  it("reports what docs/auth0-checkmate.md says it reports: the operation, the HTTP headers, the client-assertion constants and the global slot", () => {
    expect(hardCodedValueNames(scripts[0].code)).toEqual([
      "name",
      "method",
      "path",
      "scope",
      "script",
      "body",
      "error",
      "method",
      "accept",
      "content-type",
      "JWT_BEARER",
      "alg",
      "typ",
      "grant_type",
      "setting",
      "setting",
      "GLOBAL_SLOT",
    ]);
  });
});
