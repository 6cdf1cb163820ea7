import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jsYaml from "js-yaml";

/**
 * Exports written by the real auth0-deploy-cli package's own format code (its directory and
 * YAML handlers, as `a0deploy export` runs them after loading the tenant), from a tenant
 * given as the Management API returns it. Only loading from a live tenant is left out:
 * there is none here.
 */

/** A tenant's objects, as the Management API v2 returns them. */
export interface TenantAssets {
  readonly databases: Record<string, unknown>[];
  readonly clients: Record<string, unknown>[];
  readonly resourceServers: Record<string, unknown>[];
  readonly clientGrants: Record<string, unknown>[];
  readonly actions: Record<string, unknown>[];
  readonly triggers: Record<string, unknown>;
}

const TYPES = ["databases", "clients", "resourceServers", "clientGrants", "actions", "triggers"] as const;

// The package is CommonJS without type declarations for these internals.
const load = (path: string) => require(`auth0-deploy-cli/lib/${path}`);
const handler = (format: "directory" | "yaml", type: string) => load(`context/${format}/handlers/${type}`).default;

function managementClient(assets: TenantAssets) {
  return {
    resourceServers: { list: async () => structuredClone(assets.resourceServers) },
    clients: { list: async () => structuredClone(assets.clients) },
  };
}

function stripIdentifiers(assets: Record<string, unknown>, config: Record<string, unknown>): Record<string, unknown> {
  const Auth0 = load("tools/auth0/index").default;
  const auth0 = new Auth0({}, assets, (key: string) => config[key]);
  return load("utils").stripIdentifiers(auth0, assets);
}

/**
 * AUTH0_PRESERVE_KEYWORDS with AUTH0_KEYWORD_REPLACE_MAPPINGS: the export keeps the
 * placeholders of the files it overwrites (`local`, as the team's last export held them)
 * where the tenant's value is the placeholder's replacement.
 */
export interface KeywordPreservation {
  readonly mappings: Readonly<Record<string, string>>;
  readonly local: Readonly<Record<string, unknown>>;
}

/** As both formats' dump does right after loading the tenant: deploy-cli's own preserveKeywords. */
function preserved(tenant: TenantAssets, keywords: KeywordPreservation | undefined, config: Record<string, unknown>): Record<string, unknown> {
  const remote = structuredClone(tenant) as unknown as Record<string, unknown>;
  if (keywords === undefined) return remote;
  const Auth0 = load("tools/auth0/index").default;
  const auth0Handlers = new Auth0({}, remote, (key: string) => config[key]).handlers;
  return load("keywordPreservation").preserveKeywords({
    localAssets: structuredClone(keywords.local),
    remoteAssets: remote,
    keywordMappings: keywords.mappings,
    auth0Handlers,
  });
}

/**
 * `a0deploy export --format directory|yaml [--export_ids true]` of `tenant`, limited to
 * the types adoption reads; returns the folder (directory) or the tenant.yaml file (YAML).
 */
export async function deployCliExport(
  tenant: TenantAssets,
  options: { format: "directory" | "yaml"; exportIds: boolean; keywords?: KeywordPreservation },
): Promise<string> {
  const folder = mkdtempSync(join(tmpdir(), "auth0-deploy-cli-export-"));
  const config = { AUTH0_EXPORT_IDENTIFIERS: options.exportIds, AUTH0_INCLUDED_ONLY: [...TYPES] };
  const cleanReadOnly = load("readonly").default;
  let assets: Record<string, unknown> = { ...preserved(tenant, options.keywords, config), exclude: {}, include: {} };
  const context = { filePath: folder, basePath: folder, config, mgmtClient: managementClient(tenant), mappings: {}, assets };

  if (options.format === "directory") {
    // As DirectoryContext.dump: clean read-only fields, keep the clients for ID-to-name mapping, strip IDs, then each handler writes its files.
    assets = cleanReadOnly(assets, config);
    assets.clientsOrig = [...((assets.clients as unknown[]) ?? [])];
    if (!options.exportIds) assets = stripIdentifiers(assets, config);
    context.assets = assets;
    for (const type of TYPES) await handler("directory", type).dump(context);
    return folder;
  }

  // As YAMLContext.dump: each handler returns its part (writing script files beside), then clean, strip and write one YAML file.
  const { formatResults, recordsSorter } = load("utils");
  for (const type of TYPES) {
    const data = await handler("yaml", type).dump(context);
    for (const [key, value] of Object.entries(data ?? {})) {
      assets[key] = Array.isArray(value) ? value.map(formatResults).sort(recordsSorter) : formatResults(value);
    }
  }
  let cleaned = cleanReadOnly(assets, config);
  delete cleaned.exclude;
  delete cleaned.include;
  if (!options.exportIds) cleaned = stripIdentifiers(cleaned, config);
  const file = join(folder, "tenant.yaml");
  writeFileSync(file, jsYaml.dump(cleaned));
  return file;
}
