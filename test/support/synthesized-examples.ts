import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadStages } from "../../lib/config/load-stages";
import type { StageConfig } from "../../lib/config/stage-config";
import { unescapeTerraformTemplate } from "../../lib/bundling/terraform-template";
import type { RuntimeBundles } from "../../lib/bundling/runtime-bundles";
import { synthesizeStages } from "../../lib/stacks/synthesize-stages";
import { SynthesizedStack } from "../../lib/synthesized/synthesized-stack";
import { FIXTURE_STAGES } from "./stage-files";

export interface SynthesizedExamples {
  readonly outdir: string;
  /** What the sources bundle to: the code the review compares the stacks with. */
  readonly bundles: RuntimeBundles;
  readonly configs: Readonly<Record<string, StageConfig>>;
  readonly stacks: Readonly<Record<string, SynthesizedStack>>;
}

/**
 * Where the sources as shipped are: during `npm run mutate`, the project's own folder
 * (Stryker's sandbox holds instrumented copies); otherwise the project root.
 */
export function unmutatedSources(): string | undefined {
  return process.env.AUTH0_FACADE_UNMUTATED_SOURCES || undefined;
}

const synthesized = new Map<string, { outdir: string; bundles: RuntimeBundles }>();

/**
 * Synthesizes the fixture stages (test/fixtures/stages) into a fresh folder, as `npm run synth`
 * does: the same stages and sources once per test worker. The stacks are read afresh on
 * every call, so nothing cached per stack object outlives one test.
 */
export function synthesizeExamples(
  configs: readonly StageConfig[] = loadStages(FIXTURE_STAGES),
  options: { readonly sourceRoot?: string } = {},
): SynthesizedExamples {
  const key = JSON.stringify([configs, options.sourceRoot ?? null]);
  let entry = synthesized.get(key);
  if (entry === undefined) {
    const outdir = join(mkdtempSync(join(tmpdir(), "auth0-facade-synth-")), "cdktf.out");
    entry = { outdir, bundles: synthesizeStages(configs, { outdir, sourceRoot: options.sourceRoot }) };
    synthesized.set(key, entry);
  }
  const { outdir, bundles } = entry;
  return {
    outdir,
    bundles,
    configs: Object.fromEntries(configs.map((config) => [config.stage, config])),
    stacks: Object.fromEntries(configs.map((config) => [config.stage, SynthesizedStack.read(outdir, config.stage)])),
  };
}

function only<T>(items: readonly T[], what: string): T {
  if (items.length !== 1) throw new Error(`expected exactly one ${what}, found ${items.length}`);
  return items[0];
}

/** The text Terraform will send to Auth0 for a custom database script. */
export function scriptText(stack: SynthesizedStack, script: string): string {
  const connection = only(stack.ofType("auth0_connection"), "auth0_connection");
  const scripts = (connection.values.options as { custom_scripts: Record<string, string> }).custom_scripts;
  if (!(script in scripts)) throw new Error(`the connection has no ${script} script`);
  return unescapeTerraformTemplate(scripts[script]);
}

/** The Action bound to `trigger`, with the code Terraform will send. */
export function boundAction(stack: SynthesizedStack, trigger: string): { code: string; values: Readonly<Record<string, unknown>> } {
  const binding = only(
    stack.ofType("auth0_trigger_action").filter((r) => r.values.trigger === trigger),
    `${trigger} binding`,
  );
  const action = only(
    stack.ofType("auth0_action").filter((r) => binding.values.action_id === SynthesizedStack.reference(r, "id")),
    `action bound to ${trigger}`,
  );
  return { code: unescapeTerraformTemplate(action.values.code as string), values: action.values };
}
