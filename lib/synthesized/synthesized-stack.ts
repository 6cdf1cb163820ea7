import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseJsonText } from "../config/json-text";
import { InputError } from "../input-error";
import { displayPath } from "../paths";

/**
 * The one reader of synthesized stacks (`cdk.tf.json`): review, promotion, validation and
 * the plan gate all read a stage's stack through it, so a missing, truncated or
 * malformed file gets the same clear error everywhere.
 */

/** A stack file that cannot be read as a synthesized stack: the one input error, naming the file. */
export function stackFileError(file: string, reason: string): InputError {
  return new InputError([{ file, field: "", expected: `expected a synthesized stack (cdk.tf.json); ${reason}` }]);
}

/** Terraform's meta-arguments: how many instances, on which provider, with which lifecycle. */
const META_ARGUMENTS = ["count", "for_each", "provider", "lifecycle", "depends_on"] as const;
type MetaArgument = (typeof META_ARGUMENTS)[number];

/** One resource (or data source) of a synthesized stack. */
export interface SynthesizedResource {
  /** Terraform type, e.g. `auth0_client`. */
  readonly type: string;
  /** Terraform address, e.g. `auth0_client.FacadeClient_4960F1AA` (`data.` prefixed for data sources). */
  readonly address: string;
  /** The construct path, e.g. `prod/FacadeClient/Client`. */
  readonly path: string;
  /** The attributes as synthesized, without cdktf's `//` metadata and without meta-arguments. */
  readonly values: Readonly<Record<string, unknown>>;
  /** The meta-arguments it declares, as synthesized. */
  readonly meta: Readonly<Partial<Record<MetaArgument, unknown>>>;
}

type Blocks = Record<string, Record<string, Record<string, unknown>>>;

export interface StackDocument {
  readonly resource?: Blocks;
  readonly data?: Blocks;
  readonly output?: Record<string, { value: unknown; description?: string }>;
  readonly provider?: Record<string, unknown[]>;
  readonly terraform?: Record<string, unknown>;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function entries(blocks: Blocks | undefined, prefix: string): SynthesizedResource[] {
  return Object.entries(blocks ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, body]) => {
      const { "//": meta, ...rest } = body as { "//"?: { metadata?: { path?: string } } } & Record<string, unknown>;
      const values = Object.fromEntries(Object.entries(rest).filter(([key]) => !(META_ARGUMENTS as readonly string[]).includes(key)));
      const metaArguments = Object.fromEntries(Object.entries(rest).filter(([key]) => (META_ARGUMENTS as readonly string[]).includes(key)));
      return { type, address: `${prefix}${type}.${name}`, path: meta?.metadata?.path ?? `${prefix}${type}.${name}`, values, meta: metaArguments };
    }),
  );
}

/** What is malformed in a document, by field: blocks of named bodies, each an object. */
function shapeProblems(document: unknown): string[] {
  if (!isObject(document)) return ["it is not a JSON object"];
  const problems: string[] = [];
  for (const section of ["resource", "data"] as const) {
    if (document[section] === undefined) continue;
    if (!isObject(document[section])) {
      problems.push(`${section}: expected an object of resource types`);
      continue;
    }
    for (const [type, byName] of Object.entries(document[section] as object)) {
      if (!isObject(byName)) problems.push(`${section}.${type}: expected an object of named resources`);
      else {
        for (const [name, body] of Object.entries(byName)) {
          if (!isObject(body)) problems.push(`${section}.${type}.${name}: expected an object of attributes`);
        }
      }
    }
  }
  for (const section of ["provider", "output", "terraform", "variable"] as const) {
    if (document[section] !== undefined && !isObject(document[section])) problems.push(`${section}: expected an object`);
  }
  return problems;
}

/** A stage's `cdk.tf.json`, read as plain data: what Terraform will plan and apply. */
export class SynthesizedStack {
  readonly resources: readonly SynthesizedResource[];
  readonly dataSources: readonly SynthesizedResource[];

  constructor(
    readonly stage: string,
    readonly document: StackDocument,
  ) {
    this.resources = entries(document.resource, "");
    this.dataSources = entries(document.data, "data.");
  }

  /** Reads a stack's text; `file` names it in errors. */
  static parse(file: string, stage: string, text: string): SynthesizedStack {
    const parsed = parseJsonText(text);
    if ("error" in parsed) throw stackFileError(file, `it is ${parsed.error}`);
    const problems = shapeProblems(parsed.value);
    if (problems.length > 0) throw stackFileError(file, problems.join("; "));
    return new SynthesizedStack(stage, parsed.value as StackDocument);
  }

  /** `<outdir>/stacks/<stage>/cdk.tf.json`; a missing or malformed file is an InputError. */
  static read(outdir: string, stage: string): SynthesizedStack {
    const path = stackFileOf(outdir, stage);
    return SynthesizedStack.parse(displayPath(path), stage, SynthesizedStack.readText(path));
  }

  /**
   * The text of the stack file at `path`, the one place stacks are read from disk; `shownAs`
   * names it in errors, and `hint` says how to get one when it cannot be read.
   */
  static readText(path: string, shownAs = displayPath(path), hint = "run npm run synth"): string {
    try {
      return readFileSync(path, "utf8");
    } catch (error) {
      throw stackFileError(shownAs, `it cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}; ${hint})`);
    }
  }

  ofType(type: string): SynthesizedResource[] {
    return this.resources.filter((resource) => resource.type === type);
  }

  /** The single resource of a type at a construct path ending with `suffix`. */
  at(type: string, suffix: string): SynthesizedResource | undefined {
    return this.ofType(type).find((resource) => resource.path.endsWith(suffix));
  }

  /** `${auth0_client.X.client_id}` for a resource address and attribute. */
  static reference(resource: SynthesizedResource, attribute: string): string {
    return `\${${resource.address}.${attribute}}`;
  }
}

export function stackFileOf(outdir: string, stage: string): string {
  return join(outdir, "stacks", stage, "cdk.tf.json");
}
