/**
 * `npm run mutate`: mutation testing with Stryker (vitest runner) over actions/,
 * scripts/, lib/config, the review and promotion engine (lib/review, lib/facts,
 * lib/synthesized, lib/promote) and the plan gate and adoption (lib/plan, lib/adopt);
 * the score per folder is printed at the end and
 * written to reports/mutation/. Stryker runs tests in threads, which read
 * NODE_EXTRA_CA_CERTS only when the process starts, so the test CA is made first and
 * handed to Stryker's process through the environment, with a TMPDIR for the whole
 * run (Stryker ends its workers without their teardown). `--tests "<glob>,..."` runs only
 * those tests (a lower bound of the score; see vitest.mutation.config.mts); a Stryker
 * config file, `--mutate` and `--concurrency` go to Stryker.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { type ArgumentSpec, parseArgumentsOrExit } from "../lib/cli/arguments";
import { PROJECT_ROOT } from "../lib/paths";
import { makeRunFolder, writeTestCa } from "../test/support/global-setup";

const MUTATE_ARGUMENTS: ArgumentSpec = {
  usage: 'usage: npm run mutate -- [<stryker config.json>] [--mutate "<files>,..."] [--tests "<test globs>,..."] [--concurrency <n>]',
  positionals: { name: "config file", min: 0, max: 1 },
  words: ["--mutate", "--tests", "--concurrency"],
};

async function main(): Promise<number> {
  const dir = makeRunFolder();
  try {
    await writeTestCa(dir);
    mkdirSync("reports/mutation", { recursive: true });
    const { positionals, words } = parseArgumentsOrExit(process.argv.slice(2), MUTATE_ARGUMENTS);
    const onlyTests = words["--tests"];
    const strykerArgs = [...positionals, ...Object.entries(words).flatMap(([flag, value]) => (flag === "--tests" ? [] : [flag, value]))];
    const result = spawnSync("npx", ["stryker", "run", ...strykerArgs], {
      stdio: "inherit",
      env: {
        ...process.env,
        TMPDIR: dir,
        AUTH0_FACADE_TEST_CA_DIR: dir,
        NODE_EXTRA_CA_CERTS: join(dir, "ca.pem"),
        // Reviews of the bundled code read the sources as shipped, not Stryker's instrumented copies.
        AUTH0_FACADE_UNMUTATED_SOURCES: PROJECT_ROOT,
        ...(onlyTests === undefined ? {} : { AUTH0_FACADE_MUTATION_TESTS: onlyTests }),
      },
    });
    return result.status ?? 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then((code) => (process.exitCode = code));
