import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { CommandOutput } from "../../lib/cli/output";
import { planCheckCommand } from "../../lib/cli/plan-check-command";
import { PROJECT_ROOT } from "../../lib/paths";
import { promoteCommand } from "../../lib/cli/promote-command";
import { reviewCommand } from "../../lib/cli/review-command";
import { synthCommand } from "../../lib/cli/synth-command";
import { SynthesizedStack, type StackDocument } from "../../lib/synthesized/synthesized-stack";
import { formatSchemaProblem } from "../../lib/validation/schema-problem";
import { validateStack } from "../../lib/validation/validate-stack";
import { readProviderSchema } from "../../lib/validation/provider-schema";
import { FIXTURE_STAGES } from "../support/stage-files";
import { unmutatedSources } from "../support/synthesized-examples";
import { appliedState, planJson } from "../support/terraform-plans";

/**
 * The sample outputs the README shows, each produced by running the real command on the
 * suite's fixture stages (the shipped examples) in a scratch project folder, whose path
 * is then shown as the README's reader would see it from the project root. `npm run
 * readme` writes them into the README; test/readme checks they are what the code prints.
 */

type Json = Record<string, any>;

interface Workspace {
  readonly root: string;
  readonly config: string;
  readonly outdir: string;
}

function workspace(edit: { dev?: (stage: Json) => void; prod?: (stage: Json) => void } = {}): Workspace {
  const root = mkdtempSync(join(tmpdir(), "auth0-facade-readme-"));
  const config = join(root, "config");
  cpSync(FIXTURE_STAGES, config, { recursive: true });
  for (const [stage, change] of Object.entries(edit)) {
    const file = join(config, `${stage}.json`);
    const json = JSON.parse(readFileSync(file, "utf8"));
    change?.(json);
    writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  }
  return { root, config, outdir: join(root, "cdktf.out") };
}

/** Runs a command, keeping what it printed, both streams in order, paths as seen from the project root. */
function printed(root: string, command: (output: CommandOutput) => number): string[] {
  const lines: string[] = [];
  const keep = (line: string) => lines.push(...line.split("\n").map((part) => part.replaceAll(`${root}/`, "")));
  command({ log: keep, error: keep });
  return lines;
}

function synthesized(space: Workspace): void {
  const code = synthCommand(
    ["--config", space.config, "--outdir", space.outdir, "--no-review"],
    { log: () => undefined, error: () => undefined },
    { sourceRoot: unmutatedSources() },
  );
  if (code !== 0) throw new Error(`the README's stages did not synthesize (exit ${code})`);
}

function editStack(space: Workspace, stage: string, edit: (document: Json) => void): void {
  const file = join(space.outdir, "stacks", stage, "cdk.tf.json");
  const document = JSON.parse(readFileSync(file, "utf8"));
  edit(document);
  writeFileSync(file, JSON.stringify(document, null, 2));
}

const only = (document: Json, type: string): Json => {
  const bodies = Object.values(document.resource[type] as Record<string, Json>);
  if (bodies.length !== 1) throw new Error(`expected one ${type}, found ${bodies.length}`);
  return bodies[0];
};

const LOGIN_GUARD_REASON = "The login guard's only secret is the facade audience, a public identifier; our runners move to Terraform 1.11 next quarter.";
const STALE_REASON = "Kept from when the scripts skipped verification for the self-signed facade, which they no longer do.";

/** The weakened stage the README's review section describes, reviewed: terminal lines and dev.md. */
function weakenedReview(): { terminal: string[]; markdown: string } {
  const space = workspace({
    dev: (dev) => {
      dev.actionSecrets = "state";
      dev.suppressions = [
        { rule: "action-secrets-write-only", resource: "dev/LoginGuard/Guard/Action", reason: LOGIN_GUARD_REASON },
        { rule: "code-tls-verification", resource: "dev/CustomDatabase/Connection", reason: STALE_REASON },
      ];
    },
  });
  synthesized(space);
  editStack(space, "dev", (document) => {
    only(document, "auth0_resource_server").subject_type_authorization.user.policy = "allow_all";
    const grants = Object.entries(document.resource.auth0_client_grant as Record<string, Json>);
    grants.find(([name]) => name.includes("ApprovedClient"))![1].scopes.push("users:delete");
    const scripts = only(document, "auth0_connection").options.custom_scripts;
    scripts.login = scripts.login.replace(/rejectUnauthorized: [^,\n}]+/, "rejectUnauthorized: false");
  });
  const terminal = printed(space.root, (output) => reviewCommand(["--config", space.config, "--outdir", space.outdir], output));
  const markdown = readFileSync(join(space.outdir, "review", "dev.md"), "utf8").replaceAll(`${space.root}/`, "");
  return { terminal, markdown };
}

/** The Markdown report from its start through finding 1, then finding 6, as the README abridges it. */
function abridgedReport(markdown: string): string {
  const findings = markdown.split(/\n(?=### \d+\. )/);
  const rules = findings.at(-1)!.indexOf("\n## Rules");
  const last = findings.at(-1)!.slice(0, rules).trimEnd();
  return [findings.slice(0, 2).join("\n").trimEnd(), `[... findings 2 to ${findings.length - 2} ...]`, last].join("\n\n");
}

function promotion(edit: { prod?: (stage: Json) => void } = {}): string[] {
  const space = workspace(edit);
  synthesized(space);
  return printed(space.root, (output) => promoteCommand(["dev", "prod", "--config", space.config, "--outdir", space.outdir], output));
}

function section(lines: readonly string[], from: string, to?: string): string[] {
  const start = lines.findIndex((line) => line.startsWith(from));
  const end = to === undefined ? lines.length : lines.findIndex((line, index) => index > start && line.startsWith(to));
  return lines.slice(start, end);
}

/** Each sample, by the name its README marker carries (`<!-- sample: name -->`). */
export const SAMPLES: Readonly<Record<string, () => string>> = {
  "invalid-stage-file": () => {
    const space = workspace({
      dev: (dev) => {
        dev.facade.url = "http://legacy-facade.dev.acme.example";
        dev.facade.certificate.sha256Pins = ["AB:CD"];
      },
    });
    return printed(space.root, (output) => synthCommand(["--config", space.config, "--outdir", space.outdir], output)).join("\n");
  },

  "weakened-review-terminal": () => weakenedReview().terminal.join("\n"),

  "weakened-review-markdown": () => abridgedReport(weakenedReview().markdown),

  promotion: () => promotion().join("\n"),

  "promotion-looser": () => {
    const lines = promotion({
      prod: (prod) => {
        prod.accessToken.lifetimeSeconds = 900;
        prod.facade.certificate = { type: "ca-issued" };
      },
    });
    return [...section(lines, "Compared facts", "Identity"), "...", ...section(lines, "promotion dev -> prod:")].join("\n").replace(/\n\n\.\.\./, "\n...");
  },

  "plan-check-refusal": () => {
    const deployed = workspace();
    synthesized(deployed);
    const renamed = workspace({
      prod: (prod) => {
        prod.connection.name = "legacy-users-v2";
      },
    });
    synthesized(renamed);
    // Terraform itself stops a rename while prevent_destroy holds; an override removed it.
    editStack(renamed, "prod", (document) => {
      delete only(document, "auth0_connection").lifecycle;
    });
    const plan = join(deployed.root, "plans", "prod.json");
    mkdirSync(dirname(plan));
    writeFileSync(plan, JSON.stringify(planJson(appliedState(SynthesizedStack.read(deployed.outdir, "prod")), SynthesizedStack.read(renamed.outdir, "prod"))));
    const lines = printed(deployed.root, (output) =>
      planCheckCommand([plan, "--chdir", join(deployed.outdir, "stacks", "prod"), "--config", deployed.config], output),
    );
    return section(lines, "REFUSED auth0_connection", "REFUSED")
      .filter((line) => line.trim() !== "")
      .join("\n");
  },

  "validation-problems": () => {
    const space = workspace();
    synthesized(space);
    const document = JSON.parse(readFileSync(join(space.outdir, "stacks", "dev", "cdk.tf.json"), "utf8")) as StackDocument & Json;
    const client = only(document, "auth0_client");
    client.grant_typse = client.grant_types;
    delete client.grant_types;
    delete only(document, "auth0_connection").strategy;
    return validateStack("dev", document, readProviderSchema()).map(formatSchemaProblem).join("\n");
  },
};

const MARKER = /(<!-- sample: ([a-z-]+) -->\n```[a-z]*\n)([\s\S]*?)(\n```)/g;

/** The README with every sample block replaced by what the code prints now. */
export function readmeWithSamples(readme: string): string {
  return readme.replace(MARKER, (_, open: string, name: string, _old: string, close: string) => {
    const sample = SAMPLES[name];
    if (sample === undefined) throw new Error(`README names an unknown sample "${name}"`);
    return `${open}${sample()}${close}`;
  });
}

/** The README and every page of docs/, where samples may be marked: paths from the project root. */
export function documentsWithSamples(): string[] {
  return [
    "README.md",
    ...readdirSync(join(PROJECT_ROOT, "docs"))
      .filter((name) => name.endsWith(".md"))
      .sort()
      .map((name) => `docs/${name}`),
  ];
}

/** The names of the samples the README marks, in order. */
export function markedSamples(readme: string): string[] {
  return [...readme.matchAll(MARKER)].map((match) => match[2]);
}
