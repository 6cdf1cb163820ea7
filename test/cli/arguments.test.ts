import { describe, expect, it } from "vitest";
import { UsageError, parseArguments, type ArgumentSpec } from "../../lib/cli/arguments";
import { EXIT, runCommand } from "../../lib/cli/run-command";
import { stackFileError } from "../../lib/synthesized/synthesized-stack";

const SPEC: ArgumentSpec = {
  usage: "usage: tool <stage>",
  positionals: { name: "stage", min: 1, max: 2 },
  paths: ["--config"],
  words: ["--stage"],
  switches: ["--write"],
  waivers: { what: "change", check: (change) => (change === "bad" ? "--waive needs a known change" : undefined) },
};

function usageError(args: string[], spec: ArgumentSpec = SPEC): string {
  try {
    parseArguments(args, spec);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).usage).toBe(spec.usage);
    return (error as Error).message;
  }
  throw new Error("expected a usage error");
}

describe("the one argument parser every command uses", () => {
  it("reads positionals, paths (resolved), words, switches and waivers", () => {
    const parsed = parseArguments(
      ["dev", "--config", "cfg", "--stage", "prod", "--write", "--waive", "connection.name", "--because", "The connection holds only test users today."],
      SPEC,
    );
    expect(parsed.positionals).toEqual(["dev"]);
    expect(parsed.paths["--config"]).toBe(`${process.cwd()}/cfg`);
    expect(parsed.words).toEqual({ "--stage": "prod" });
    expect([...parsed.switches]).toEqual(["--write"]);
    expect(parsed.waivers).toEqual([{ subject: "connection.name", reason: "The connection holds only test users today." }]);
  });

  it.each([
    [[], "expected 1 to 2 stages, got 0"],
    [["a", "b", "c"], "expected 1 to 2 stages, got 3"],
    [["a", "--config"], "--config needs a value"],
    [["a", "--stage", "--write"], "--stage needs a value"],
    [["a", "--force"], "unknown option --force"],
    [["a", "--waive", "bad"], "--waive needs a known change"],
    [["a", "--waive", "x"], '--waive x needs --because "<why it is intended>" right after it'],
    [["a", "--waive", "x", "--because", "too short"], "--because for x: expected a reason of at least 20 characters"],
    [
      ["a", "--waive", "x", "--because", "not a sentence at all, no capital"],
      "--because for x: expected a reason written as at least one full sentence (a capital first, several words, a full stop last)",
    ],
  ])("refuses %j with one clear line", (args, message) => {
    expect(usageError(args)).toBe(message);
  });

  it("names positionals in the singular when one is expected, and refuses any where none is", () => {
    expect(usageError([], { usage: "u", positionals: { name: "plan file", min: 1, max: 1 } })).toBe("expected 1 plan file, got 0");
    expect(usageError([], { usage: "u", positionals: { name: "stage", min: 1, max: Infinity } })).toBe("expected at least 1 stage, got 0");
    expect(usageError(["x"], { usage: "u" })).toBe("unexpected argument x");
    expect(usageError(["--waive", "x"], { usage: "u" })).toBe("unknown option --waive");
  });
});

describe("every command's exit codes", () => {
  function run(body: () => number): { code: number; out: string[]; err: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    const code = runCommand(body, { log: (line) => out.push(line), error: (line) => err.push(line) });
    return { code, out, err };
  }

  it("prints the usage on --help or -h and exits 0, whatever else the line holds", () => {
    for (const help of ["--help", "-h"]) {
      const parsed = () => {
        parseArguments(["a", "b", "c", help], SPEC);
        return EXIT.findings;
      };
      expect(run(parsed)).toEqual({ code: EXIT.passed, out: ["usage: tool <stage>"], err: [] });
    }
  });

  it("exits 2 with the message and the usage on a usage error, and 2 with the message on unreadable input", () => {
    const parsed = () => {
      parseArguments(["a", "--force"], SPEC);
      return EXIT.passed;
    };
    expect(run(parsed)).toEqual({ code: 2, out: [], err: ["unknown option --force", "usage: tool <stage>"] });
    const unreadable = run(() => {
      throw stackFileError("cdktf.out/stacks/dev/cdk.tf.json", "it ends before the JSON does");
    });
    expect(unreadable).toEqual({
      code: 2,
      out: [],
      err: ["cdktf.out/stacks/dev/cdk.tf.json: expected a synthesized stack (cdk.tf.json); it ends before the JSON does"],
    });
  });

  it("passes the body's own verdict through, and lets our own bugs propagate", () => {
    expect(run(() => EXIT.findings).code).toBe(1);
    expect(() =>
      run(() => {
        throw new TypeError("a bug");
      }),
    ).toThrow("a bug");
  });
});
