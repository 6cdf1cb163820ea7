import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatStageFile } from "../../lib/promote/stage-file-writer";
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
