import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../lib/input-error";
import { SynthesizedStack, stackFileOf } from "../../lib/synthesized/synthesized-stack";

function outdirWith(text?: string): string {
  const outdir = join(mkdtempSync(join(tmpdir(), "auth0-facade-stack-")), "cdktf.out");
  if (text !== undefined) {
    mkdirSync(dirname(stackFileOf(outdir, "dev")), { recursive: true });
    writeFileSync(stackFileOf(outdir, "dev"), text);
  }
  return outdir;
}

const parsed = (document: unknown) => SynthesizedStack.parse("stack.json", "dev", JSON.stringify(document));

function problemOf(outdir: string): string {
  try {
    SynthesizedStack.read(outdir, "dev");
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).message.replaceAll(outdir, "<outdir>");
  }
  throw new Error("expected the stack to be refused");
}

describe("the one reader of synthesized stacks", () => {
  it("names the file when it is missing", () => {
    expect(problemOf(outdirWith())).toBe(
      "<outdir>/stacks/dev/cdk.tf.json: expected a synthesized stack (cdk.tf.json); it cannot be read (ENOENT; run npm run synth)",
    );
  });

  it("names the line and column when it is not JSON (a truncated file)", () => {
    expect(problemOf(outdirWith('{\n  "resource": {\n    "auth0_client": {'))).toBe(
      "<outdir>/stacks/dev/cdk.tf.json: expected a synthesized stack (cdk.tf.json); it is not valid JSON at line 3, column 22: a closing } was expected",
    );
  });

  it("names every field of the wrong shape, in one error", () => {
    expect(problemOf(outdirWith(JSON.stringify({ resource: { auth0_client: { A: "not an object" }, auth0_action: [] }, provider: [] })))).toBe(
      "<outdir>/stacks/dev/cdk.tf.json: expected a synthesized stack (cdk.tf.json); resource.auth0_client.A: expected an object of attributes; resource.auth0_action: expected an object of named resources; provider: expected an object",
    );
    expect(problemOf(outdirWith("[]"))).toBe("<outdir>/stacks/dev/cdk.tf.json: expected a synthesized stack (cdk.tf.json); it is not a JSON object");
    expect(() => parsed(null)).toThrow("stack.json: expected a synthesized stack (cdk.tf.json); it is not a JSON object");
    expect(() => parsed("a string")).toThrow("stack.json: expected a synthesized stack (cdk.tf.json); it is not a JSON object");
    expect(() => parsed({ resource: "auth0_client" })).toThrow("resource: expected an object of resource types");
    expect(problemOf(outdirWith(JSON.stringify({ data: 5 })))).toBe(
      "<outdir>/stacks/dev/cdk.tf.json: expected a synthesized stack (cdk.tf.json); data: expected an object of resource types",
    );
  });

  it("refuses variable and terraform sections that are not objects", () => {
    expect(() => parsed({ variable: [], terraform: "x" })).toThrow(
      "stack.json: expected a synthesized stack (cdk.tf.json); terraform: expected an object; variable: expected an object",
    );
    expect(parsed({ output: {}, variable: {} }).resources).toEqual([]);
  });

  it("keeps meta-arguments apart from attributes, and cdktf's metadata out of both", () => {
    const stack = parsed({
      resource: {
        auth0_client: {
          A: {
            "//": { metadata: { path: "dev/A" } },
            name: "a",
            count: 0,
            provider: "auth0.other",
            lifecycle: { prevent_destroy: true },
            depends_on: [],
            for_each: {},
          },
        },
      },
      data: { auth0_client: { B: { name: "b" }, C: { "//": {}, name: "c" } } },
    });
    expect(stack.resources).toEqual([
      {
        type: "auth0_client",
        address: "auth0_client.A",
        path: "dev/A",
        values: { name: "a" },
        meta: { count: 0, provider: "auth0.other", lifecycle: { prevent_destroy: true }, depends_on: [], for_each: {} },
      },
    ]);
    expect(stack.dataSources.map((source) => [source.address, source.path])).toEqual([
      ["data.auth0_client.B", "data.auth0_client.B"],
      ["data.auth0_client.C", "data.auth0_client.C"],
    ]);
  });
});

describe("finding resources in a synthesized stack", () => {
  const twoClientsAndAGuard = () =>
    parsed({
      resource: {
        auth0_client: {
          M2m: { "//": { metadata: { path: "dev/FacadeClient/Client" } }, name: "m2m" },
          Other: { "//": { metadata: { path: "dev/Other/Client" } }, name: "other" },
        },
        auth0_action: { Guard: { "//": { metadata: { path: "dev/FacadeClient/Guard" } }, name: "guard" } },
      },
    });

  it("finds the resource of a type at a construct path ending with a suffix", () => {
    const stack = twoClientsAndAGuard();
    expect(stack.at("auth0_client", "FacadeClient/Client")?.values.name).toBe("m2m");
    expect(stack.at("auth0_client", "FacadeClient/Guard")).toBeUndefined();
    expect(stack.at("auth0_action", "Guard")?.address).toBe("auth0_action.Guard");
    expect(stack.ofType("auth0_client").map((resource) => resource.values.name)).toEqual(["m2m", "other"]);
    expect(stack.ofType("auth0_connection")).toEqual([]);
  });

  it("writes a reference to a resource's attribute the way cdktf does", () => {
    expect(SynthesizedStack.reference(twoClientsAndAGuard().ofType("auth0_client")[0], "client_id")).toBe("${auth0_client.M2m.client_id}");
  });
});
