import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../paths";

/**
 * The provider schema as `terraform providers schema -json` prints it, reduced to what
 * validation reads. Types are cty type expressions: "string", ["list", "string"],
 * ["object", { name: "string" }], ...
 */
export type CtyType = string | readonly [string, unknown, ...unknown[]];

export interface SchemaAttribute {
  readonly type?: CtyType;
  /** Protocol 6 providers describe some attributes as nested attributes instead of a type. */
  readonly nested_type?: { readonly attributes: Readonly<Record<string, SchemaAttribute>>; readonly nesting_mode: string };
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly deprecated?: boolean;
  readonly sensitive?: boolean;
  /** Sent to the provider, never kept in state or plan (Terraform 1.11+). */
  readonly write_only?: boolean;
}

export interface SchemaBlockType {
  readonly nesting_mode: "single" | "group" | "list" | "set" | "map";
  readonly block: SchemaBlock;
  readonly min_items?: number;
  readonly max_items?: number;
}

export interface SchemaBlock {
  readonly attributes?: Readonly<Record<string, SchemaAttribute>>;
  readonly block_types?: Readonly<Record<string, SchemaBlockType>>;
}

export interface ProviderSchema {
  /** The provider's local name in configuration (`auth0`). */
  readonly name: string;
  readonly version: string;
  readonly provider: SchemaBlock;
  readonly resources: Readonly<Record<string, SchemaBlock>>;
  readonly dataSources: Readonly<Record<string, SchemaBlock>>;
}

interface SchemaFile {
  readonly provider_schemas: Record<
    string,
    {
      readonly provider: { readonly block: SchemaBlock };
      readonly resource_schemas?: Record<string, { readonly block: SchemaBlock }>;
      readonly data_source_schemas?: Record<string, { readonly block: SchemaBlock }>;
    }
  >;
}

const AUTH0_PROVIDER_SOURCE = "registry.terraform.io/auth0/auth0";
const AUTH0_PROVIDER_VERSION = "1.55.0";

/** The schema the bindings are generated from, committed in `provider/`. */
export const AUTH0_SCHEMA_FILE = join(PROJECT_ROOT, "provider", `auth0-${AUTH0_PROVIDER_VERSION}.schema.json`);

const blocksOf = (schemas: Record<string, { readonly block: SchemaBlock }> | undefined) =>
  Object.fromEntries(Object.entries(schemas ?? {}).map(([type, schema]) => [type, schema.block]));

export function readProviderSchema(
  file: string = AUTH0_SCHEMA_FILE,
  source: string = AUTH0_PROVIDER_SOURCE,
  version: string = AUTH0_PROVIDER_VERSION,
): ProviderSchema {
  const parsed = JSON.parse(readFileSync(file, "utf8")) as SchemaFile;
  const schema = parsed.provider_schemas[source];
  if (schema === undefined) throw new Error(`${file} holds no schema for ${source}`);
  return {
    name: source.split("/").pop()!,
    version,
    provider: schema.provider.block,
    resources: blocksOf(schema.resource_schemas),
    dataSources: blocksOf(schema.data_source_schemas),
  };
}
