import { isDeepStrictEqual } from "node:util";
import { sizeAndDigest } from "../messages";
import type { PlanHazard } from "./hazard";
import type { ResourceChange, TerraformPlan } from "./terraform-plan";

/**
 * The first plan of an adoption (`npm run plan-check -- --adoption`): the stage imports
 * objects that already exist in the tenant (Terraform import blocks from the stage file's
 * `adopt`), and that plan must import each of them, destroy and replace nothing, and
 * create no second connection. What it changes on the adopted objects is listed, attribute
 * by attribute, for the reviewer to sign off.
 */

/** An import block of the synthesized stack: `to` an address, the tenant object's `id`. */
export interface ExpectedImport {
  readonly address: string;
  readonly id: string;
  /** Set when the block cannot be read (not a literal address and ID, or from another provider): a refusal, never a skip. */
  readonly unreadable?: string;
}

/** One attribute an adopted object's first apply changes. */
interface AttributeChange {
  /** `options[0].custom_scripts.login` */
  readonly path: string;
  /** What it is now and what it becomes, as a reviewer reads it; sensitive values never shown. */
  readonly from: string;
  readonly to: string;
}

export interface AdoptedObject {
  readonly address: string;
  readonly id: string;
  /** `no-op` or `update`; anything else is a hazard. */
  readonly action: string;
  readonly changes: readonly AttributeChange[];
}

export interface AdoptionCheck {
  readonly hazards: readonly PlanHazard[];
  readonly adopted: readonly AdoptedObject[];
}

type Marks = unknown;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function markAt(marks: Marks, step: string | number): Marks {
  if (marks === true) return true;
  if (Array.isArray(marks) && typeof step === "number") return marks[step];
  return isObject(marks) ? marks[String(step)] : undefined;
}

/** A value as the reviewer reads it: short ones as JSON, long texts by size and hash. */
function shown(value: unknown): string {
  if (value === undefined) return "(unset)";
  const text = JSON.stringify(value);
  if (text.length <= 60) return text;
  return sizeAndDigest(typeof value === "string" ? value : text);
}

/** Every leaf where `before` and `after` differ, with Terraform's sensitive and unknown marks. */
function attributeChanges(
  before: unknown,
  after: unknown,
  marks: { beforeSensitive: Marks; afterSensitive: Marks; afterUnknown: Marks },
  path: string,
  into: AttributeChange[],
): void {
  const { beforeSensitive, afterSensitive, afterUnknown } = marks;
  if (afterUnknown === true) {
    into.push({ path, from: beforeSensitive === true ? "(sensitive)" : shown(before), to: "(known after apply)" });
    return;
  }
  if (beforeSensitive === true || afterSensitive === true) {
    if (!isDeepStrictEqual(before, after)) into.push({ path, from: "(sensitive)", to: "(sensitive, changes)" });
    return;
  }
  // Descend wherever either side is a structure, so that a sensitive value nested in a new
  // object is reached (and hidden) rather than printed with its parent.
  const structured = (value: unknown) => isObject(value) || Array.isArray(value);
  if (structured(before) || structured(after)) {
    const lists = (Array.isArray(before) || before == null) && (Array.isArray(after) || after == null);
    const keys: (string | number)[] = lists
      ? Array.from({ length: Math.max((before as unknown[] | null)?.length ?? 0, (after as unknown[] | null)?.length ?? 0) }, (_, index) => index)
      : [...new Set([...Object.keys(isObject(before) ? before : {}), ...Object.keys(isObject(after) ? after : {})])].sort();
    const step = (value: unknown, key: string | number) => (structured(value) ? (value as Record<string | number, unknown>)[key] : undefined);
    for (const key of keys) {
      attributeChanges(
        step(before, key),
        step(after, key),
        { beforeSensitive: markAt(beforeSensitive, key), afterSensitive: markAt(afterSensitive, key), afterUnknown: markAt(afterUnknown, key) },
        typeof key === "number" ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`,
        into,
      );
    }
    return;
  }
  const empty = (value: unknown) => value === null || value === undefined;
  if (!isDeepStrictEqual(before, after) && !(empty(before) && empty(after))) into.push({ path, from: shown(before), to: shown(after) });
}

function changesOf(change: ResourceChange): AttributeChange[] {
  const into: AttributeChange[] = [];
  attributeChanges(
    change.change.before,
    change.change.after,
    { beforeSensitive: change.change.before_sensitive, afterSensitive: change.change.after_sensitive, afterUnknown: change.change.after_unknown },
    "",
    into,
  );
  return into;
}

const RESUMES = "Make the stage file match the object as it is (its name, strategy, identifier, client), synthesize, plan and check again.";

/** Judges the first plan of an adoption against the stack's import blocks. */
export function checkAdoption(plan: TerraformPlan, expected: readonly ExpectedImport[]): AdoptionCheck {
  const changes = (plan.resource_changes ?? []).filter((change) => change.mode === "managed");
  const byAddress = new Map(changes.map((change) => [change.address, change]));
  const hazards: PlanHazard[] = [];
  if (expected.length === 0) {
    hazards.push({
      address: "(the whole stack)",
      kind: "unreadable",
      change: "the synthesized stack has no import blocks",
      loses: "nothing to adopt: this check is for the first plan of a stage whose stage file names existing objects in adopt",
      instead: ["Declare adopt in the stage file (npm run adopt can write it from an auth0-deploy-cli export), synthesize, and plan again."],
    });
  }
  const adopted: AdoptedObject[] = [];
  for (const { address, id, unreadable } of expected) {
    if (unreadable !== undefined) {
      hazards.push({
        address,
        kind: "unreadable",
        change: unreadable,
        loses: "the gate cannot tell what this import takes over, so it cannot judge the adoption",
        instead: ["Adopt only through adopt in the stage file (npm run review flags hand-written import blocks), synthesize, and plan again."],
      });
      continue;
    }
    const change = byAddress.get(address);
    if (change === undefined) {
      hazards.push({
        address,
        kind: "unreadable",
        change: "the plan has no change for this address",
        loses: `the stack imports ${JSON.stringify(id)} here, but this plan is of another stack or configuration`,
        instead: ["Plan the stack folder npm run synth wrote for this stage, and check that plan."],
      });
      continue;
    }
    if (change.change.importing?.id !== id) {
      const found = change.change.importing?.id;
      hazards.push({
        address,
        kind: change.type === "auth0_connection" ? "deletes users" : "outage",
        change: found === undefined ? `${change.change.actions.join(",")} without importing ${JSON.stringify(id)}` : `imports ${JSON.stringify(found)}`,
        loses:
          found === undefined
            ? `a new object beside the existing ${JSON.stringify(id)}: Auth0 refuses a second object of the same name (409), or the stage starts over without the existing one's users and settings`
            : `another object than ${JSON.stringify(id)}, the one the stage file adopts`,
        instead: ["Plan with Terraform 1.5 or later from the stack npm run synth wrote (its import blocks), and check that plan."],
      });
      continue;
    }
    adopted.push({ address, id, action: change.change.actions.join(","), changes: changesOf(change) });
  }
  for (const change of changes) {
    const actions = change.change.actions;
    if (actions.includes("delete")) {
      hazards.push({
        address: change.address,
        kind: change.type === "auth0_connection" ? "deletes users" : "outage",
        change: `${actions.join(",")}${change.change.importing ? ` right after importing ${JSON.stringify(change.change.importing.id)}` : ""}${change.change.replace_paths ? ` (replace_paths: ${change.change.replace_paths.map((path) => path.join(".")).join(", ")})` : ""}`,
        loses:
          change.type === "auth0_connection"
            ? "the adopted connection and every user in it, irreversibly"
            : "an adopted object, which the tenant used until now: whatever relied on it fails until the new one exists",
        instead: [RESUMES],
      });
    } else if (actions.includes("create") && change.type === "auth0_connection") {
      hazards.push({
        address: change.address,
        kind: "deletes users",
        change: "create a new connection during an adoption",
        loses: "the users stay in the connection the tenant already has; this one starts empty",
        instead: ["Name the existing connection in adopt.connectionId of the stage file, synthesize, and plan again."],
      });
    }
  }
  return { hazards, adopted };
}

/** The adopted objects and what the first apply changes on each, for the sign-off. */
export function formatAdoption(adopted: readonly AdoptedObject[], constructPaths: Readonly<Record<string, string>>): string[] {
  const lines: string[] = [];
  for (const object of adopted) {
    const path = constructPaths[object.address];
    const what = object.changes.length === 0 ? "imported unchanged" : `imported, then changed in place (${object.changes.length} attribute(s)):`;
    lines.push("", `ADOPTS  ${object.address}${path ? ` (${path})` : ""} = ${JSON.stringify(object.id)}: ${what}`);
    for (const change of object.changes) lines.push(`  ${change.path}: ${change.from} -> ${change.to}`);
  }
  return lines;
}
