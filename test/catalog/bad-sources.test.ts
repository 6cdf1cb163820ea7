import { FIXTURE_STAGES } from "../support/stage-files";
import { beforeAll, describe, expect, it } from "vitest";
import { synthCommand } from "../../lib/cli/synth-command";
import { capturedOutput, folderDigest, previousGoodOutput } from "../support/output-folder";
import { scratchProject } from "../support/scratch-project";

const PADDING = `export const padding = "${"x".repeat(110 * 1024)}";\n`;

/** Each broken runtime source, and exactly what the user reads. */
const CASES: [string, Record<string, string>, string | RegExp][] = [
  [
    "a syntax error in a shared helper",
    { "scripts/shared/profile.ts": "export function userProfile(body: unknown) {\n  return (body;\n}\n" },
    'scripts/login.ts: does not build: scripts/shared/profile.ts:2:15: Expected ")" but found ";"',
  ],
  [
    "an npm import in an Action",
    { "actions/credentials-exchange/index.ts": 'import axios from "axios";\nexport async function onExecuteCredentialsExchange() { void axios; }\n' },
    `actions/credentials-exchange/index.ts: code that runs inside Auth0 may import only the project's runtime sources (scripts/, actions/, contract/) and the Node built-ins buffer, crypto, events, https, tls, url, util (by bare name); found: actions/credentials-exchange/index.ts imports "axios"`,
  ],
  [
    "an import from outside the runtime folders",
    {
      "examples/helper.ts": "export const helper = 1;\n",
      "scripts/shared/profile.ts":
        'import { helper } from "../../examples/helper";\nexport function userProfile(body: unknown) { void helper; return body as never; }\n',
    },
    /^scripts\/login\.ts: code that runs inside Auth0 may import only .*; found: examples\/helper\.ts is bundled$/,
  ],
  [
    "a type error in a shared helper (esbuild alone would strip the types and bundle it)",
    { "scripts/shared/profile.ts": "export function userProfile(body: unknown): number {\n  return body;\n}\n" },
    "scripts/shared/profile.ts: has type errors, so scripts/login.ts is not bundled (1): scripts/shared/profile.ts:2:3: Type 'unknown' is not assignable to type 'number'",
  ],
  [
    "a script over Auth0's size limit",
    {
      "scripts/shared/padding.ts": PADDING,
      "scripts/login.ts":
        'import { padding } from "./shared/padding";\nexport default function login(_email: string, _password: string, c: (e: null, p: string) => void) { c(null, padding); }\n',
    },
    /^scripts\/login\.ts: the bundle is 11\d{4} bytes, over Auth0's limit of 102400 bytes$/,
  ],
];

describe("bad script or Action sources: one clear error naming the file, and nothing written", () => {
  let outdir: string;
  let before: Record<string, string>;
  beforeAll(() => {
    ({ outdir, digest: before } = previousGoodOutput());
  });

  it.each(CASES)("%s", (_, files, expected) => {
    const output = capturedOutput();
    expect(synthCommand(["--config", FIXTURE_STAGES, "--outdir", outdir], output, { sourceRoot: scratchProject(files) })).toBe(2);
    if (typeof expected === "string") expect(output.errors[0]).toBe(expected);
    else expect(output.errors[0]).toMatch(expected);
    expect(output.errors[1]).toBe("nothing was written");
    expect(folderDigest(outdir)).toEqual(before);
  });
});
