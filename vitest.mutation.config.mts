import { defineConfig } from "vitest/config";
import base from "./vitest.config.mts";

/**
 * The suite as Stryker runs it (`npm run mutate`). Stryker instruments the mutated
 * sources with code that switches mutants on; the tests left out below check the bundled
 * text itself (its exact size, or the security review of it, run in a child process that
 * cannot see Stryker's switches), so they fail on instrumentation, not on a mutant.
 * Every behavioural test still runs.
 *
 * Stryker switches mutants at run time, so modules need not be reloaded between runs:
 * the review and promotion tests, which keep no state between tests, share one module
 * cache per worker (cdktf and the bindings load once, not once per test file and
 * mutant). Tests of the runtime code, the sandbox and the servers stay isolated.
 */
const NOT_TESTED_UNDER_MUTATION = [
  "test/review/review-command.test.ts",
  "test/catalog/determinism.test.ts",
  "test/bundling/bundle-script.test.ts",
  // Compiles the sources into npm packages: under Stryker those are its instrumented copies.
  "test/packages/packed-packages.test.ts",
];
const SHARED_FOLDERS = ["review", "facts", "synthesized", "promote", "plan", "cli"].map((folder) => `test/${folder}/`);
const SHARED_MODULES = SHARED_FOLDERS.map((folder) => `${folder}**/*.test.ts`);

const common = {
  ...base.test,
  // A mutant that makes a script never call back fails at this limit, not Auth0's 20 s.
  testTimeout: 8_000,
  hookTimeout: 15_000,
};

/**
 * `npm run mutate -- --tests "<glob>,..."` runs only those tests against each mutant: a
 * quicker score that can only be lower than the whole suite's (fewer tests kill fewer
 * mutants), for a folder whose code every review test runs.
 */
const ONLY_TESTS = process.env.AUTH0_FACADE_MUTATION_TESTS?.split(",").filter((glob) => glob !== "");

export default defineConfig({
  test: {
    ...common,
    projects: ONLY_TESTS
      ? [
          {
            test: {
              ...common,
              name: "only",
              include: ONLY_TESTS,
              exclude: NOT_TESTED_UNDER_MUTATION,
              // Tests outside the shared folders keep their own module cache, as in the whole run.
              isolate: !ONLY_TESTS.every((glob) => SHARED_FOLDERS.some((folder) => glob.startsWith(folder))),
            },
          },
        ]
      : [
          { test: { ...common, name: "shared", include: SHARED_MODULES, exclude: NOT_TESTED_UNDER_MUTATION, isolate: false, sequence: { groupOrder: 0 } } },
          { test: { ...common, name: "isolated", exclude: [...SHARED_MODULES, ...NOT_TESTED_UNDER_MUTATION], sequence: { groupOrder: 1 } } },
        ],
  },
});
