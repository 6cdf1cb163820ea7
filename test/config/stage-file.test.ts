import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatStageFile, replaceStageFile } from "../../lib/config/stage-file";
import { leftInTmpdir } from "../support/output-folder";
import { FIXTURE_STAGES } from "../support/stage-files";

describe("the stage file layout --write produces", () => {
  it.each(["dev", "prod"])("reproduces config/%s.json byte for byte", (stage) => {
    const text = readFileSync(join(FIXTURE_STAGES, `${stage}.json`), "utf8");
    expect(formatStageFile(JSON.parse(text))).toBe(text);
  });

  it("keeps short lists and single plain fields on one line, and opens everything else", () => {
    expect(
      formatStageFile({
        backend: { type: "local" },
        empty: [],
        scripts: ["login", "get_user"],
        pins: ["a".repeat(64), "b".repeat(64)],
        clients: [{ clientId: "x", scopes: ["users:read"] }],
      }),
    ).toBe(
      [
        "{",
        '  "backend": { "type": "local" },',
        '  "empty": [],',
        '  "scripts": ["login", "get_user"],',
        '  "pins": [',
        `    "${"a".repeat(64)}",`,
        `    "${"b".repeat(64)}"`,
        "  ],",
        '  "clients": [',
        "    {",
        '      "clientId": "x",',
        '      "scopes": ["users:read"]',
        "    }",
        "  ]",
        "}",
        "",
      ].join("\n"),
    );
  });
});

describe("the layout's edges", () => {
  it("keeps empty objects and lists closed at any depth, and null as a plain value", () => {
    expect(formatStageFile({ a: {}, b: { c: [], d: {}, e: null }, f: [[], {}] })).toBe(
      ["{", '  "a": {},', '  "b": {', '    "c": [],', '    "d": {},', '    "e": null', "  },", '  "f": [', "    [],", "    {}", "  ]", "}", ""].join("\n"),
    );
  });

  it("keeps a list of plain values on one line up to 120 characters, and one item whatever its length", () => {
    const exactly120 = formatStageFile({ pins: ["x".repeat(51), "y".repeat(51)] }).split("\n")[1];
    expect(exactly120).toBe(`  "pins": ["${"x".repeat(51)}", "${"y".repeat(51)}"]`);
    expect(exactly120).toHaveLength(120);
    expect(
      formatStageFile({ pins: ["x".repeat(51), "y".repeat(52)] })
        .split("\n")
        .slice(1, 5),
    ).toEqual(['  "pins": [', `    "${"x".repeat(51)}",`, `    "${"y".repeat(52)}"`, "  ]"]);
    expect(formatStageFile({ pins: ["x".repeat(200)] }).split("\n")[1]).toBe(`  "pins": ["${"x".repeat(200)}"]`);
    expect(
      formatStageFile({ mixed: ["a", { b: 1 }] })
        .split("\n")
        .slice(1, 4),
    ).toEqual(['  "mixed": [', '    "a",', '    { "b": 1 }']);
  });

  it("refuses what is not a stage file", () => {
    expect(() => formatStageFile(["a"])).toThrow("a stage file is a JSON object");
    expect(() => formatStageFile(null)).toThrow("a stage file is a JSON object");
  });
});

describe("replacing a stage file", () => {
  it("validates a copy of the folder's files with the new text, then swaps it in and leaves nothing behind", () => {
    const dir = mkdtempSync(join(tmpdir(), "auth0-facade-replace-"));
    writeFileSync(join(dir, "dev.json"), "dev");
    writeFileSync(join(dir, "prod.json"), "old");
    mkdirSync(join(dir, "notes"));
    let seen: string[] = [];
    const left = leftInTmpdir(() => {
      seen = replaceStageFile(dir, "prod", "new", (staged) => readdirSync(staged).map((name) => `${name}=${readFileSync(join(staged, name), "utf8")}`));
    });
    expect(seen.sort()).toEqual(["dev.json=dev", "prod.json=new"]);
    expect(readFileSync(join(dir, "prod.json"), "utf8")).toBe("new");
    expect(readdirSync(dir).sort()).toEqual(["dev.json", "notes", "prod.json"]);
    expect(left).toEqual([]);
  });

  it("leaves the stage file and the temporary folder untouched when the folder does not validate", () => {
    const dir = mkdtempSync(join(tmpdir(), "auth0-facade-replace-"));
    writeFileSync(join(dir, "prod.json"), "old");
    const left = leftInTmpdir(() =>
      expect(() =>
        replaceStageFile(dir, "prod", "new", () => {
          throw new Error("prod.json: expected a stage file");
        }),
      ).toThrow("prod.json: expected a stage file"),
    );
    expect(readFileSync(join(dir, "prod.json"), "utf8")).toBe("old");
    expect(readdirSync(dir)).toEqual(["prod.json"]);
    expect(left).toEqual([]);
  });

  it("removes its hidden file when the swap fails", () => {
    const dir = mkdtempSync(join(tmpdir(), "auth0-facade-replace-"));
    mkdirSync(join(dir, "prod.json"));
    expect(() => replaceStageFile(dir, "prod", "new", () => undefined)).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(readdirSync(dir)).toEqual(["prod.json"]);
  });
});
