import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import jsYaml from "js-yaml";
import { InputError, type InputProblem } from "../input-error";
import { parseJsonText } from "../config/json-text";
import { displayPath } from "../paths";

/**
 * An auth0-deploy-cli export (`a0deploy export --format directory|yaml`), read as far as
 * adoption needs: the database connections with their scripts, the applications, APIs,
 * grants and Actions. Both formats name objects the way deploy-cli writes them: grants
 * and enabled applications by application name, IDs only with `--export_ids true`.
 */

export interface ExportedConnection {
  readonly name: string;
  readonly id?: string;
  readonly displayName?: string;
  readonly strategy?: string;
  /** Application names (deploy-cli maps client IDs to names). */
  readonly enabledClients: readonly string[];
  readonly importMode: boolean;
  /** Script name to its text. */
  readonly scripts: Readonly<Record<string, string>>;
  /** Where it was read from, for messages. */
  readonly file: string;
}

interface ExportedClient {
  readonly name: string;
  readonly clientId?: string;
  readonly appType?: string;
}

interface ExportedApi {
  readonly name?: string;
  readonly identifier: string;
  readonly id?: string;
  readonly scopes: readonly string[];
}

interface ExportedGrant {
  readonly id?: string;
  /** The application's name, or its client ID when deploy-cli did not know it. */
  readonly client: string;
  readonly audience: string;
  readonly scopes: readonly string[];
}

interface ExportedAction {
  readonly name: string;
  readonly id?: string;
  readonly triggers: readonly string[];
}

export interface DeployCliExport {
  /** The export as shown in messages. */
  readonly source: string;
  readonly format: "directory" | "yaml";
  readonly connections: readonly ExportedConnection[];
  readonly clients: readonly ExportedClient[];
  readonly apis: readonly ExportedApi[];
  readonly grants: readonly ExportedGrant[];
  readonly actions: readonly ExportedAction[];
}

/** An export that cannot be read: each problem names the file and field. */
/** An export that cannot be read: the one input error, under one heading. */
export const exportError = (problems: readonly InputProblem[]): InputError => new InputError(problems, "cannot read the auth0-deploy-cli export");

type Loose = Record<string, unknown>;

const isObject = (value: unknown): value is Loose => typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
const texts = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);

/** Scripts larger than Auth0 accepts are not scripts of a tenant. */
const MAX_SCRIPT_BYTES = 100 * 1024;

function readJson(file: string): Loose {
  let content: string;
  try {
    content = readFileSync(file, "utf8");
  } catch (error) {
    throw exportError([{ file: displayPath(file), field: "", expected: `a readable file (${(error as NodeJS.ErrnoException).code})` }]);
  }
  const parsed = parseJsonText(content);
  if ("error" in parsed) throw exportError([{ file: displayPath(file), field: "", expected: `JSON as deploy-cli writes it; it is ${parsed.error}` }]);
  if (!isObject(parsed.value)) throw exportError([{ file: displayPath(file), field: "", expected: "a JSON object" }]);
  return parsed.value;
}

/** A file an export names by relative path, which must stay inside the export. */
function readReferenced(root: string, from: string, path: string, file: string, field: string): string {
  const target = resolve(from, path);
  if (relative(root, target).startsWith("..")) {
    throw exportError([{ file: displayPath(file), field, expected: "a path inside the export", found: JSON.stringify(path) }]);
  }
  try {
    if (statSync(target).size > MAX_SCRIPT_BYTES) {
      throw exportError([{ file: displayPath(file), field, expected: `a script of at most ${MAX_SCRIPT_BYTES} bytes (Auth0's limit)` }]);
    }
    return readFileSync(target, "utf8");
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw exportError([
      { file: displayPath(file), field, expected: `a readable script file at ${displayPath(target)} (${(error as NodeJS.ErrnoException).code})` },
    ]);
  }
}

function connectionOf(raw: Loose, root: string, scriptsFrom: string, file: string, field: string): ExportedConnection {
  const name = text(raw.name);
  if (name === undefined) throw exportError([{ file: displayPath(file), field: `${field}name`, expected: "the connection's name" }]);
  const options = isObject(raw.options) ? raw.options : {};
  const scriptPaths = isObject(options.customScripts) ? options.customScripts : {};
  const scripts = Object.fromEntries(
    Object.entries(scriptPaths).flatMap(([script, path]) =>
      typeof path === "string" ? [[script, readReferenced(root, scriptsFrom, path, file, `${field}options.customScripts.${script}`)]] : [],
    ),
  );
  return {
    name,
    id: text(raw.id),
    displayName: text(raw.display_name),
    strategy: text(raw.strategy),
    enabledClients: texts(raw.enabled_clients),
    importMode: options.import_mode === true,
    scripts,
    file: displayPath(file),
  };
}

const clientOf = (raw: Loose): ExportedClient | undefined =>
  text(raw.name) === undefined ? undefined : { name: text(raw.name)!, clientId: text(raw.client_id), appType: text(raw.app_type) };

const apiOf = (raw: Loose): ExportedApi | undefined =>
  text(raw.identifier) === undefined
    ? undefined
    : {
        name: text(raw.name),
        identifier: text(raw.identifier)!,
        id: text(raw.id),
        scopes: Array.isArray(raw.scopes) ? raw.scopes.flatMap((scope) => (isObject(scope) && typeof scope.value === "string" ? [scope.value] : [])) : [],
      };

const grantOf = (raw: Loose): ExportedGrant | undefined =>
  text(raw.client_id) === undefined || text(raw.audience) === undefined
    ? undefined
    : { id: text(raw.id), client: text(raw.client_id)!, audience: text(raw.audience)!, scopes: texts(raw.scope) };

const actionOf = (raw: Loose): ExportedAction | undefined =>
  text(raw.name) === undefined
    ? undefined
    : {
        name: text(raw.name)!,
        id: text(raw.id),
        triggers: Array.isArray(raw.supported_triggers)
          ? raw.supported_triggers.flatMap((trigger) => (isObject(trigger) && typeof trigger.id === "string" ? [trigger.id] : []))
          : [],
      };

function jsonFilesIn(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => join(folder, name));
}

function readDirectoryExport(root: string): DeployCliExport {
  const databases = join(root, "database-connections");
  const connections = existsSync(databases)
    ? readdirSync(databases)
        .sort()
        .filter((name) => statSync(join(databases, name)).isDirectory())
        .map((name) => {
          const file = join(databases, name, "database.json");
          return connectionOf(readJson(file), root, join(databases, name), file, "");
        })
    : [];
  const all = <T>(folder: string, of: (raw: Loose) => T | undefined) => jsonFilesIn(join(root, folder)).flatMap((file) => of(readJson(file)) ?? []);
  return {
    source: displayPath(root),
    format: "directory",
    connections,
    clients: all("clients", clientOf),
    apis: all("resource-servers", apiOf),
    grants: all("grants", grantOf),
    actions: all("actions", actionOf),
  };
}

function readYamlExport(file: string): DeployCliExport {
  let document: unknown;
  try {
    document = jsYaml.load(readFileSync(file, "utf8"));
  } catch (error) {
    const reason =
      error instanceof jsYaml.YAMLException
        ? `YAML with a syntax error at line ${(error.mark?.line ?? 0) + 1}`
        : `a readable file (${(error as NodeJS.ErrnoException).code})`;
    throw exportError([{ file: displayPath(file), field: "", expected: `tenant.yaml as deploy-cli writes it; found ${reason}` }]);
  }
  if (!isObject(document)) throw exportError([{ file: displayPath(file), field: "", expected: "a YAML mapping (tenant.yaml)" }]);
  const root = dirname(resolve(file));
  const list = (key: string) => (Array.isArray(document[key]) ? (document[key] as unknown[]).filter(isObject) : []);
  return {
    source: displayPath(file),
    format: "yaml",
    connections: list("databases").map((raw, index) => connectionOf(raw, root, root, file, `databases[${index}].`)),
    clients: list("clients").flatMap((raw) => clientOf(raw) ?? []),
    apis: list("resourceServers").flatMap((raw) => apiOf(raw) ?? []),
    grants: list("clientGrants").flatMap((raw) => grantOf(raw) ?? []),
    actions: list("actions").flatMap((raw) => actionOf(raw) ?? []),
  };
}

/** Reads a directory export (the folder) or a YAML export (its tenant.yaml, or the folder holding it). */
export function readDeployCliExport(path: string): DeployCliExport {
  if (!existsSync(path)) throw exportError([{ file: displayPath(path), field: "", expected: "an auth0-deploy-cli export: its folder, or its tenant.yaml" }]);
  if (statSync(path).isDirectory()) {
    if (existsSync(join(path, "tenant.yaml"))) return readYamlExport(join(path, "tenant.yaml"));
    if (!existsSync(join(path, "database-connections"))) {
      throw exportError([
        {
          file: displayPath(path),
          field: "",
          expected: "a directory export with database-connections/ (a0deploy export --format directory), or a folder with tenant.yaml",
        },
      ]);
    }
    return readDirectoryExport(resolve(path));
  }
  if (!/\.ya?ml$/.test(basename(path))) {
    throw exportError([{ file: displayPath(path), field: "", expected: "tenant.yaml (a0deploy export --format yaml) or a directory export's folder" }]);
  }
  return readYamlExport(path);
}
