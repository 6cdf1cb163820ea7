import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../lib/paths";

const HOOK = join(PROJECT_ROOT, ".githooks", "commit-msg");

/** What git's commit-msg hook answers for `message`: its exit code and what it said. */
function check(message: string): { code: number | null; said: string } {
  const file = join(mkdtempSync(join(tmpdir(), "commit-msg-")), "COMMIT_EDITMSG");
  writeFileSync(file, message);
  const run = spawnSync(process.execPath, [HOOK, file], { encoding: "utf8" });
  return { code: run.status, said: run.stderr.trim() };
}

describe("the commit-msg hook npm install sets up", () => {
  it("is the hook git runs after npm install", () => {
    expect(JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")).scripts.prepare).toBe("git config core.hooksPath .githooks || true");
  });

  it("takes a subject of at most 72 characters, a blank line and a body, ignoring git's comment lines", () => {
    expect(check(`${"s".repeat(72)}\n\nWhy it is made.\n# Please enter the commit message\n`)).toEqual({ code: 0, said: "" });
  });

  it("refuses a long subject, a missing body, and a body glued to the subject, saying what to do", () => {
    expect(check(`${"s".repeat(73)}\n\nWhy.\n`)).toEqual({ code: 1, said: "commit-msg: the subject is 73 characters; keep it to 72" });
    expect(check("A subject alone\n\n# comment only\n")).toEqual({
      code: 1,
      said: "commit-msg: there is no body: after a blank line, say why the change is made",
    });
    expect(check("A subject\nand its body at once\n")).toEqual({
      code: 1,
      said: "commit-msg: the second line is not blank: put a blank line between the subject and the body",
    });
    expect(check("\n\nA body without a subject\n")).toMatchObject({ code: 1, said: expect.stringContaining("the subject line is empty") });
  });

  it("leaves git's own merge and revert messages as git writes them", () => {
    expect(check("Merge branch 'topic'\n")).toEqual({ code: 0, said: "" });
    expect(check('Revert "A subject"\n\nThis reverts commit 0123456.\n')).toEqual({ code: 0, said: "" });
  });
});
