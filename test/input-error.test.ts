import { describe, expect, it } from "vitest";
import { InputError, problemCount } from "../lib/input-error";

const problem = (file: string, field: string, expected: string, found?: string) => ({ file, field, expected, ...(found === undefined ? {} : { found }) });

describe("an input error", () => {
  it("is an InputError by name, so a stack trace says what failed", () => {
    expect(new InputError([problem("config/dev.json", "", "expected valid JSON")]).name).toBe("InputError");
  });

  it("prints each problem as file, field, what was expected and what was found, one per line", () => {
    const error = new InputError([
      problem("plan.json", "", "expected a plan"),
      problem("config/dev.json", "facade.url", "expected an https URL", '"http://x"'),
    ]);
    expect(error.message).toBe('plan.json: expected a plan\nconfig/dev.json: facade.url: expected an https URL, found "http://x"');
  });

  it("says how many problems stop it, in words, under its heading", () => {
    const one = [problem("config/prod.json", "approvedClients", "a")];
    const two = [...one, problem("config/prod.json", "approvedClients", "b")];
    expect(new InputError(one, `cannot write the promoted stage file (${problemCount(one)})`).message).toBe(
      "cannot write the promoted stage file (1 problem):\n  config/prod.json: approvedClients: a",
    );
    expect(new InputError(two, `cannot write the promoted stage file (${problemCount(two)})`).message).toBe(
      "cannot write the promoted stage file (2 problems):\n  config/prod.json: approvedClients: a\n  config/prod.json: approvedClients: b",
    );
  });

  it("names a staged copy's files by the folder the user knows, everywhere they appear, keeping its heading", () => {
    const staged = new InputError(
      [problem("/tmp/s1/prod.json", "x", "expected what /tmp/s1/dev.json says", '"/tmp/s1/a"')],
      "invalid stage configuration (1 problem)",
    );
    const real = staged.renamed("/tmp/s1/", "config/");
    expect(real.message).toBe('invalid stage configuration (1 problem):\n  config/prod.json: x: expected what config/dev.json says, found "config/a"');
    expect(real).toBeInstanceOf(InputError);
  });
});
