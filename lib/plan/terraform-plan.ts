import { readFileSync } from "node:fs";
import { z } from "zod";
import { problemsFromZod } from "../config/config-error";
import { InputError } from "../input-error";
import { parseJsonText } from "../config/json-text";
import { displayPath } from "../paths";

/**
 * A saved plan as `terraform show -json <planfile>` prints it (format 1.x), reduced to
 * what the plan gate reads. Everything else in the file is kept but not looked at.
 * Values in `before` and `after` are Terraform's: blocks are lists, sensitive values are
 * in plain text (marked in `*_sensitive`), and unknown values are left out of `after`
 * (marked in `after_unknown`).
 */
const changeSchema = z.looseObject({
  actions: z.array(z.string()).min(1),
  before: z.unknown(),
  after: z.unknown(),
  after_unknown: z.unknown().optional(),
  before_sensitive: z.unknown().optional(),
  after_sensitive: z.unknown().optional(),
  replace_paths: z.array(z.array(z.union([z.string(), z.number()]))).optional(),
  importing: z.looseObject({ id: z.string().optional() }).optional(),
});

const resourceChangeSchema = z.looseObject({
  address: z.string().min(1),
  mode: z.enum(["managed", "data"]),
  type: z.string().min(1),
  name: z.string().min(1),
  provider_name: z.string().optional(),
  previous_address: z.string().optional(),
  deposed: z.string().optional(),
  change: changeSchema,
  action_reason: z.string().optional(),
});

const planSchema = z.looseObject({
  format_version: z.string().regex(/^1\.\d+$/, { message: "expected format 1.x (Terraform 1.0 or later)" }),
  terraform_version: z.string(),
  resource_changes: z.array(resourceChangeSchema).optional(),
  /** Input variables as the plan was made with them, sensitive ones in plain text. */
  variables: z.record(z.string(), z.looseObject({ value: z.unknown() })).optional(),
  /** The configuration: each resource's expressions (`references`) and `depends_on`, which order the apply. */
  configuration: z.looseObject({}).optional(),
  errored: z.boolean().optional(),
});

export type TerraformPlan = z.output<typeof planSchema>;

/** Attribute values of a resource in `before` or `after`. */
export type PlanValues = Readonly<Record<string, unknown>>;

export const asValues = (value: unknown): PlanValues | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as PlanValues) : undefined;

/** A nested block as Terraform renders it: a list of one object. */
export const blockOf = (values: PlanValues | undefined, name: string): PlanValues | undefined => {
  const list = values?.[name];
  return Array.isArray(list) && list.length === 1 ? asValues(list[0]) : undefined;
};
export type ResourceChange = z.output<typeof resourceChangeSchema>;

/** A file the plan gate cannot judge. The message says which file, what was expected and what it found. */
const EXPECTED = "expected the JSON of a saved plan (terraform show -json tfplan > plan.json)";

function parseJson(file: string, text: string): unknown {
  const parsed = parseJsonText(text);
  if ("error" in parsed) throw new InputError([{ file, field: "", expected: `${EXPECTED}; it is ${parsed.error}` }]);
  return parsed.value;
}

/** What a JSON file that is not a plan most likely is, to say so. */
function otherTerraformFile(data: unknown): string | undefined {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return Array.isArray(data) ? "a list" : data === null ? "null" : `a ${typeof data}`;
  const root = data as Record<string, unknown>;
  if ("lineage" in root && "serial" in root) return "a Terraform state file, not a plan";
  if ("values" in root && !("resource_changes" in root) && !("planned_values" in root)) {
    return "the JSON of a state (terraform show -json without a plan file), not of a plan";
  }
  if (!("format_version" in root)) return "JSON without a format_version, not a plan";
  return undefined;
}

/** Reads and checks a plan's JSON; any problem is one PlanInputError naming the file and field. */
export function parsePlan(file: string, content: Buffer | string): TerraformPlan {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  if (bytes.subarray(0, 4).equals(ZIP_MAGIC)) {
    throw new InputError([{ file, field: "", expected: `${EXPECTED}; this is the binary plan file itself` }]);
  }
  const data = parseJson(file, bytes.toString("utf8"));
  const other = otherTerraformFile(data);
  if (other !== undefined) throw new InputError([{ file, field: "", expected: `${EXPECTED}; this is ${other}` }]);
  const result = planSchema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  // Never the values found: a plan holds the stack's secrets in plain text.
  const problems = problemsFromZod(file, result.error).map(({ found: _hidden, ...problem }) => ({
    ...problem,
    expected: `${problem.expected}, as terraform show -json writes it`,
  }));
  throw new InputError(problems.slice(0, 5));
}

/** A saved plan file starts like any zip archive. */
const ZIP_MAGIC = Buffer.from("PK\u0003\u0004", "latin1");

export function readPlanFile(path: string): TerraformPlan {
  const file = displayPath(path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new InputError([{ file, field: "", expected: `${EXPECTED}; the file cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` }]);
  }
  return parsePlan(file, bytes);
}
