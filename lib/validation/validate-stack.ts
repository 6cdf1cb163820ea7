import type { StackDocument } from "../synthesized/synthesized-stack";
import { PROVIDER_META_ARGUMENTS, RESOURCE_META_ARGUMENTS, checkBody } from "./check-block";
import { nearestName } from "../messages";
import type { ProviderSchema, SchemaBlock } from "./provider-schema";
import type { FieldProblem, SchemaProblem } from "./schema-problem";
import { isPlainObject } from "./terraform-value";

type Section = "resource" | "data";

function constructPathOf(body: unknown, fallback: string): string {
  const meta = isPlainObject(body) ? (body["//"] as { metadata?: { path?: unknown } } | undefined) : undefined;
  return typeof meta?.metadata?.path === "string" ? meta.metadata.path : fallback;
}

function located(constructPath: string, address: string, problems: readonly FieldProblem[]): SchemaProblem[] {
  return problems.map((problem) => ({ constructPath, address, ...problem }));
}

function checkSection(stage: string, document: StackDocument, section: Section, schema: ProviderSchema): SchemaProblem[] {
  const schemas = section === "resource" ? schema.resources : schema.dataSources;
  const prefix = section === "resource" ? "" : "data.";
  const kind = section === "resource" ? "resource" : "data source";
  return Object.entries(document[section] ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).flatMap(([name, body]) => {
      const address = `${prefix}${type}.${name}`;
      const constructPath = constructPathOf(body, `${stage}/${address}`);
      const block: SchemaBlock | undefined = schemas[type];
      if (block === undefined && !type.startsWith(`${schema.name}_`)) {
        const message = `no committed schema for the provider of ${type} (only ${schema.name} ${schema.version}): commit its schema to validate it`;
        return located(constructPath, address, [{ field: "", message }]);
      }
      if (block === undefined) {
        const suggestion = nearestName(type, Object.keys(schemas));
        const message = `unknown ${kind} type ${type} in ${schema.name} ${schema.version}${suggestion ? ` (did you mean ${suggestion}?)` : ""}`;
        return located(constructPath, address, [{ field: "", message }]);
      }
      return located(constructPath, address, checkBody(body, block, "", RESOURCE_META_ARGUMENTS));
    }),
  );
}

function checkProvider(stage: string, document: StackDocument, schema: ProviderSchema): SchemaProblem[] {
  const configs = document.provider?.[schema.name] ?? [];
  const list = Array.isArray(configs) ? configs : [configs];
  return list.flatMap((config, index) => {
    const address = `provider.${schema.name}${list.length > 1 ? `[${index}]` : ""}`;
    return located(constructPathOf(config, `${stage} (stack)`), address, checkBody(config, schema.provider, "", PROVIDER_META_ARGUMENTS));
  });
}

/** The schema is only evidence for the provider version it came from. */
function checkRequiredVersion(stage: string, document: StackDocument, schema: ProviderSchema): SchemaProblem[] {
  const required = (document.terraform?.required_providers as Record<string, { version?: string }> | undefined)?.[schema.name];
  if (required?.version === undefined || required.version === schema.version) return [];
  return [
    {
      constructPath: `${stage} (stack)`,
      address: `terraform.required_providers.${schema.name}`,
      field: "version",
      message: `the stack requires ${schema.name} ${required.version} but is validated against the committed schema of ${schema.version}: commit that version's schema (terraform providers schema -json)`,
    },
  ];
}

/**
 * Validates a synthesized stack (`cdk.tf.json`) against the provider schema, offline:
 * the provider block, every resource and every data source, with each problem naming
 * the construct path and the Terraform address.
 */
export function validateStack(stage: string, document: StackDocument, schema: ProviderSchema): SchemaProblem[] {
  return [
    ...checkRequiredVersion(stage, document, schema),
    ...checkProvider(stage, document, schema),
    ...checkSection(stage, document, "resource", schema),
    ...checkSection(stage, document, "data", schema),
  ];
}
