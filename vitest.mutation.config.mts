import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.mts";

/**
 * The suite as Stryker runs it (`npm run mutate`). Stryker instruments the mutated
 * sources with code that switches mutants on; the tests below check the bundled text
 * itself (its exact size, or the security review of it, run in a child process that
 * cannot see Stryker's switches), so they fail on instrumentation, not on a mutant.
 * Every behavioural test still runs.
 */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      // A mutant that makes a script never call back fails at this limit, not Auth0's 20 s.
      testTimeout: 8_000,
      hookTimeout: 15_000,
      exclude: ["test/review/review-command.test.ts", "test/catalog/determinism.test.ts", "test/bundling/bundle-script.test.ts"],
    },
  }),
);
