import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseJsonText } from "../config/json-text";
import { displayPath } from "../paths";

/** A synthesized stack file that cannot be read: the message names it and says why. */
export class StackFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: expected a synthesized stack (cdk.tf.json); ${reason}`);
    this.name = "StackFileError";
  }
}

/** One resource (or data source) of a synthesized stack. */
export interface SynthesizedResource {
  /** Terraform type, e.g. `auth0_client`. */
  readonly type: string;
  /** Terraform address, e.g. `auth0_client.FacadeClient_4960F1AA` (`data.` prefixed for data sources). */
  readonly address: string;
  /** The construct path, e.g. `prod/FacadeClient/Client`. */
  readonly path: string;
  /** The attributes as synthesized, without cdktf's `//` metadata. */
  readonly values: Readonly<Record<string, unknown>>;
}

type Blocks = Record<string, Record<string, Record<string, unknown>>>;

export interface StackDocument {
  readonly resource?: Blocks;
  readonly data?: Blocks;
  readonly output?: Record<string, { value: unknown; description?: string }>;
  readonly provider?: Record<string, unknown[]>;
  readonly terraform?: Record<string, unknown>;
}

function entries(blocks: Blocks | undefined, prefix: string): SynthesizedResource[] {
  return Object.entries(blocks ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, body]) => {
      const { "//": meta, ...values } = body as { "//"?: { metadata?: { path?: string } } };
      return { type, address: `${prefix}${type}.${name}`, path: meta?.metadata?.path ?? `${prefix}${type}.${name}`, values };
    }),
  );
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

  /** `<outdir>/stacks/<stage>/cdk.tf.json`; a missing or malformed file is a StackFileError. */
  static read(outdir: string, stage: string): SynthesizedStack {
    const path = join(outdir, "stacks", stage, "cdk.tf.json");
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      throw new StackFileError(displayPath(path), `it cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}; run npm run synth)`);
    }
    const parsed = parseJsonText(text);
    if ("error" in parsed) throw new StackFileError(displayPath(path), `it is ${parsed.error}`);
    if (typeof parsed.value !== "object" || parsed.value === null || Array.isArray(parsed.value)) throw new StackFileError(displayPath(path), "it is not a JSON object");
    return new SynthesizedStack(stage, parsed.value as StackDocument);
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
