import { defineConfig } from "vitest/config";
import mutation from "./vitest.mutation.config.mts";

/**
 * The tests that exercise the stage-file schema, for `npm run mutate:schema`. The zod
 * schema is built once, when its module loads, so Stryker can only test its mutants
 * "statically": a fresh test environment and every selected test per mutant. Limiting
 * the run to these files keeps that to seconds per mutant instead of the whole suite.
 */
// Spread, not mergeConfig: mergeConfig would append to the suite's include list.
export default defineConfig({
  ...mutation,
  test: {
    ...mutation.test,
    include: [
      "test/config/**/*.test.ts",
      "test/catalog/bad-stage-files.test.ts",
      "test/properties/stage-validation.property.test.ts",
      "test/review/suppressions.test.ts",
      "test/promote/stage-file-format.test.ts",
    ],
  },
});
