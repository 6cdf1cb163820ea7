import type { StackDocument } from "../synthesized/synthesized-stack";
import { isJsonObject, type Json } from "../config/json-paths";

/** One thing a stack declares: a resource, data source, output, the provider or the terraform block. */
interface Declaration {
  readonly address: string;
  /** The construct path without the stage (`CustomDatabase/Connection`), when cdktf recorded one. */
  readonly path?: string;
  readonly body: Json;
}

interface FieldChange {
  readonly field: string;
  /** `undefined` where the field is not set. */
  readonly source?: Json;
  readonly target?: Json;
}

export interface DeclarationDiff {
  readonly address: string;
  readonly path?: string;
  readonly change: "changed" | "only-in-source" | "only-in-target";
  readonly fields: readonly FieldChange[];
}

function withoutStage(path: unknown): string | undefined {
  return typeof path === "string" ? path.split("/").slice(1).join("/") : undefined;
}

function declarations(document: StackDocument): Map<string, Declaration> {
  const found = new Map<string, Declaration>();
  const add = (address: string, body: unknown) => {
    const meta = isJsonObject(body as Json) ? ((body as Record<string, Json>)["//"] as { metadata?: { path?: unknown } } | undefined) : undefined;
    found.set(address, { address, path: withoutStage(meta?.metadata?.path), body: body as Json });
  };
  for (const [section, prefix] of [
    ["resource", ""],
    ["data", "data."],
  ] as const) {
    for (const [type, byName] of Object.entries(document[section] ?? {})) {
      for (const [name, body] of Object.entries(byName)) add(`${prefix}${type}.${name}`, body);
    }
  }
  for (const [name, body] of Object.entries(document.output ?? {})) add(`output.${name}`, body);
  for (const [name, body] of Object.entries(document.provider ?? {})) add(`provider.${name}`, body);
  if (document.terraform !== undefined) add("terraform", document.terraform);
  return found;
}

/** Every leaf of a body by field path; cdktf's `//` metadata is not something Terraform applies. */
function leaves(value: Json, prefix = "", into = new Map<string, Json>()): Map<string, Json> {
  const children: [string, Json][] = Array.isArray(value)
    ? value.map((item, index) => [`${prefix}[${index}]`, item])
    : isJsonObject(value)
      ? Object.entries(value)
          .filter(([key]) => key !== "//")
          .map(([key, item]) => [prefix === "" ? key : `${prefix}.${key}`, item])
      : [];
  if (children.length === 0) into.set(prefix, value);
  for (const [path, child] of children) leaves(child, path, into);
  return into;
}

function fieldChanges(source: Json | undefined, target: Json | undefined): FieldChange[] {
  const before = source === undefined ? new Map<string, Json>() : leaves(source);
  const after = target === undefined ? new Map<string, Json>() : leaves(target);
  const fields = [...new Set([...before.keys(), ...after.keys()])];
  return fields
    .filter((field) => JSON.stringify(before.get(field)) !== JSON.stringify(after.get(field)))
    .map((field) => ({ field, source: before.get(field), target: after.get(field) }));
}

/**
 * What `target` declares differently from `source`, declaration by declaration and field
 * by field, matched by Terraform address.
 */
export function diffStacks(source: StackDocument, target: StackDocument): DeclarationDiff[] {
  const before = declarations(source);
  const after = declarations(target);
  const addresses = [...new Set([...before.keys(), ...after.keys()])];
  return addresses.flatMap((address): DeclarationDiff[] => {
    const old = before.get(address);
    const now = after.get(address);
    const change = old === undefined ? "only-in-target" : now === undefined ? "only-in-source" : "changed";
    const fields = fieldChanges(old?.body, now?.body);
    return fields.length === 0 ? [] : [{ address, path: (now ?? old)!.path, change, fields }];
  });
}
