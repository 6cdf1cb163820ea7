import { readFileSync, readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { PROJECT_ROOT, displayPath } from "../paths";
import { shownValue } from "../messages";
import type { InputProblem } from "../input-error";
import { problemsFromZod, stageConfigError } from "./config-error";
import { parseJsonText } from "./json-text";
import type { StageConfig } from "./stage-config";
import { stageSchema } from "./stage-schema";

export const STAGE_SCHEMA_FILE = "stage.schema.json";
const STAGE_FILE = /^([a-z][a-z0-9-]{0,30})\.json$/;

/** Reads and validates one stage file; returns its config or its problems. */
function parseStageFile(path: string): StageConfig | InputProblem[] {
  const file = displayPath(path);
  const stage = STAGE_FILE.exec(path.split(/[\\/]/).pop() ?? "")?.[1];
  if (stage === undefined) {
    return [{ file, field: "", expected: "expected a file name like dev.json (lowercase letters, digits, hyphens)" }];
  }
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    return [{ file, field: "", expected: `expected a readable file (${(error as NodeJS.ErrnoException).code ?? String(error)})` }];
  }
  const json = parseJsonText(text);
  if ("error" in json) return [{ file, field: "", expected: "expected valid JSON", found: json.error.replace(/^not valid JSON/, "a syntax error") }];
  return validateStage(stage, json.value, file);
}

function validateStage(stage: string, value: unknown, file: string): StageConfig | InputProblem[] {
  const result = stageSchema.safeParse(value, { reportInput: true });
  if (!result.success) return problemsFromZod(file, result.error);
  return { ...result.data, stage, sourceFile: file };
}

/**
 * A stage's settings given as a value rather than a file (an app that builds its stages
 * in code): validated exactly as a stage file is, every problem raised as one InputError.
 * Cross-stage checks (shared state, shared connection) need loadStages.
 */
export function parseStageConfig(stage: string, value: unknown, sourceFile = `the settings of stage ${stage}`): StageConfig {
  if (!STAGE_FILE.test(`${stage}.json`)) {
    throw stageConfigError([
      { file: sourceFile, field: "", expected: "expected a stage name of lowercase letters, digits and hyphens", found: shownValue(stage) },
    ]);
  }
  const parsed = validateStage(stage, value, sourceFile);
  if (Array.isArray(parsed)) throw stageConfigError(parsed);
  return parsed;
}

/**
 * The file a stage with local state keeps it in: `backend.path` as written when absolute,
 * otherwise resolved from the project root (`terraform.<stage>.tfstate` by default).
 */
export function localStateFile(config: StageConfig): string | undefined {
  if (config.backend.type !== "local") return undefined;
  return resolve(PROJECT_ROOT, config.backend.path ?? `terraform.${config.stage}.tfstate`);
}

/** Identifies where a stage keeps its state; two stages must never share one. */
function stateLocation(config: StageConfig): string {
  const { backend } = config;
  switch (backend.type) {
    case "local":
      return `local:${displayPath(localStateFile(config)!)}`;
    case "s3":
      return `s3://${backend.bucket}/${backend.key}`;
    case "gcs":
      return `gs://${backend.bucket}/${backend.prefix}`;
    case "azurerm":
      return `azurerm://${backend.storageAccountName}/${backend.containerName}/${backend.key}`;
    case "hcp-terraform":
      return `hcp://${backend.hostname ?? "app.terraform.io"}/${backend.organization}/${backend.workspace}`;
  }
}

/** Problems only visible across stages: shared state, or two stages owning one connection. */
function crossStageProblems(configs: readonly StageConfig[]): InputProblem[] {
  const problems: InputProblem[] = [];
  const claim = (owners: Map<string, StageConfig>, key: string, config: StageConfig, field: string, what: string) => {
    const owner = owners.get(key);
    if (owner === undefined) owners.set(key, config);
    else
      problems.push({ file: config.sourceFile, field, expected: `expected ${what} of its own, not shared with ${owner.sourceFile}`, found: shownValue(key) });
  };
  const states = new Map<string, StageConfig>();
  const connections = new Map<string, StageConfig>();
  for (const config of configs) {
    const stateFile = localStateFile(config);
    if (stateFile !== undefined && !relative(join(PROJECT_ROOT, "cdktf.out"), stateFile).startsWith("..")) {
      problems.push({
        file: config.sourceFile,
        field: "backend.path",
        expected: "expected a state file outside cdktf.out, which every synth replaces",
        found: shownValue(config.backend.type === "local" ? config.backend.path : undefined),
      });
    }
    claim(states, stateLocation(config), config, "backend", "a state location");
    claim(connections, `${config.tenant.domain}/${config.connection.name}`, config, "connection.name", "a connection");
  }
  return problems;
}

/**
 * Loads every stage file in `dir`. Every file must be `<stage>.json` or the emitted
 * schema; anything else is reported, not skipped. All problems of all files are raised
 * together as one InputError, before anything is written.
 */
export function loadStages(dir: string = join(PROJECT_ROOT, "config"), only?: readonly string[]): StageConfig[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((name) => name !== STAGE_SCHEMA_FILE)
      .sort();
  } catch (error) {
    throw stageConfigError([
      { file: displayPath(dir), field: "", expected: `expected a readable folder of stage files (${(error as NodeJS.ErrnoException).code})` },
    ]);
  }
  const problems: InputProblem[] = [];
  const configs: StageConfig[] = [];
  for (const name of names) {
    const parsed = parseStageFile(join(dir, name));
    if (Array.isArray(parsed)) problems.push(...parsed);
    else configs.push(parsed);
  }
  if (names.length === 0) {
    problems.push({ file: displayPath(dir), field: "", expected: "expected at least one stage file (<stage>.json)" });
  }
  problems.push(...crossStageProblems(configs));
  for (const stage of only ?? []) {
    if (!configs.some((config) => config.stage === stage) && !names.includes(`${stage}.json`)) {
      problems.push({ file: displayPath(join(dir, `${stage}.json`)), field: "", expected: "expected a stage file for the requested stage" });
    }
  }
  if (problems.length > 0) throw stageConfigError(problems);
  return only === undefined ? configs : configs.filter((config) => only.includes(config.stage));
}
