import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RuntimeBundles } from "../../../lib/bundling/runtime-bundles";
import { escapeTerraformTemplate } from "../../../lib/bundling/terraform-template";
import { loadStages } from "../../../lib/config/load-stages";
import type { StageConfig } from "../../../lib/config/stage-config";
import type { Violation } from "../../../lib/review/finding";
import { loadReviewInput, type ReviewInput } from "../../../lib/review/review-input";
import type { Rule } from "../../../lib/review/rule";
import { synthesizeStages } from "../../../lib/stacks/synthesize-stages";
import { SynthesizedStack, type StackDocument } from "../../../lib/synthesized/synthesized-stack";
import { configFolder, exampleStage } from "../../support/stage-files";
import { synthesizeExamples, unmutatedSources } from "../../support/synthesized-examples";

export type Body = Record<string, any>;

/**
 * The example stages, synthesized once per test file, as review inputs. The review looks
 * at the code as shipped, never at a mutation-testing instrumented copy.
 */
export function exampleInputs(): Record<"dev" | "prod", ReviewInput> {
  const { outdir, configs, bundles } = synthesizeExamples(undefined, { sourceRoot: unmutatedSources() });
  return { dev: loadReviewInput(outdir, configs.dev, bundles), prod: loadReviewInput(outdir, configs.prod, bundles) };
}

/**
 * The input with its synthesized document changed in memory: for weaknesses the
 * constructs cannot express (they never emit allow_all, say), as an override could.
 */
export function mutated(input: ReviewInput, change: (document: Body) => void): ReviewInput {
  const document = structuredClone(input.stack.document) as Body;
  change(document);
  // The file's text no longer matches the document: findings lose their line, not their place.
  return { ...input, stack: new SynthesizedStack(input.stack.stage, document as StackDocument), texts: { stageFile: input.texts?.stageFile } };
}

/** The body of the one resource of `type` whose construct path ends with `suffix`. */
export function resourceBody(document: Body, type: string, suffix: string): Body {
  const found = Object.values(document.resource?.[type] ?? {}).filter((body: any) => body["//"]?.metadata?.path?.endsWith(suffix));
  if (found.length !== 1) throw new Error(`expected one ${type} at ...${suffix}, found ${found.length}`);
  return found[0] as Body;
}

/** The facade API's resource server. */
export function facadeApi(document: Body): Body {
  return resourceBody(document, "auth0_resource_server", "/ProtectedApi/ResourceServer");
}

/** The credentials-exchange guard's Action. */
export function exchangeGuard(document: Body): Body {
  return resourceBody(document, "auth0_action", "/ExchangeGuard/Guard/Action");
}

/** The `{ name, value }` entry of an Action's write-only secrets. */
export function actionSecret(action: Body, name: string): Body {
  const found = action.secrets_wo.find((secret: Body) => secret.name === name);
  if (!found) throw new Error(`no secret ${name} in ${action["//"]?.metadata?.path}`);
  return found;
}

export function connectionOptions(document: Body): Body {
  return resourceBody(document, "auth0_connection", "/CustomDatabase/Connection").options;
}

/** The `options.configuration` map the custom database scripts read. */
export function connectionConfiguration(document: Body): Body {
  return connectionOptions(document).configuration;
}

/** Replaces the post-login guard's code (a short text keeps line numbers stable in messages). */
export function withLoginGuardCode(input: ReviewInput, code: string): ReviewInput {
  return mutated(input, (document) => {
    resourceBody(document, "auth0_action", "/LoginGuard/Guard/Action").code = escapeTerraformTemplate(code);
  });
}

const weakened = new Map<string, { outdir: string; config: StageConfig; bundles: RuntimeBundles }>();

/**
 * Synthesizes the example dev stage file after `change`, the way `npm run synth` would:
 * once per stage file and worker; the input is read afresh each time, so nothing the
 * review caches per stack outlives one test.
 */
export function weakenedStage(change: (stageFile: Body) => void): ReviewInput {
  const stageFile = exampleStage("dev");
  change(stageFile);
  const key = JSON.stringify(stageFile);
  let synthesized = weakened.get(key);
  if (!synthesized) {
    const configs = loadStages(configFolder({ "dev.json": stageFile }));
    const outdir = join(mkdtempSync(join(tmpdir(), "auth0-facade-review-")), "cdktf.out");
    const bundles = synthesizeStages(configs, { outdir, sourceRoot: unmutatedSources() });
    synthesized = { outdir, config: configs[0], bundles };
    weakened.set(key, synthesized);
  }
  return loadReviewInput(synthesized.outdir, synthesized.config, synthesized.bundles);
}

export function messagesOf(rule: Rule, input: ReviewInput): string[] {
  return rule.check(input).map((violation: Violation) => violation.message);
}

export function violationsOf(rule: Rule, input: ReviewInput): { path: string; address?: string; message: string }[] {
  return rule.check(input).map((violation) => ({ ...violation.resource, message: violation.message }));
}
