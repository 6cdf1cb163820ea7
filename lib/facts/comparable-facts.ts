import { MAX_PINS } from "../../contract/fingerprints";
import { CONFIGURATION_KEYS } from "../../contract/connection-configuration";
import { asBoolean, asNumber, asStringList, describeValue, terraformValue } from "../synthesized/terraform-values";
import { declaredAccess } from "./clients";
import { configurationOf, customDatabases, scriptsOf } from "./connection";
import { facadeApis, facadeGrants } from "./facade-api";
import { keyOf, readList, readValue } from "./references";
import type { StageInput } from "./stage-input";
import { valueAt } from "./values";

/**
 * The facts of two stages that a stage file may legitimately set differently but that
 * may never be looser in the stage promoted to: the review judges each stage against its
 * own stage file, and these compare them with each other. Each is named by the review
 * rule that judges the same thing, so the review and promotion share one set of ids;
 * `state-backend` only a comparison judges (a local state is fine for a dev stage).
 */
export interface Loosening {
  /** The stage-file field (or resource field) it is about. */
  readonly field: string;
  readonly message: string;
}

export interface ComparableFact {
  /** The review rule that judges this fact within one stage. */
  readonly id: string;
  /** What was compared, in words, for the report. */
  summary(source: StageInput, target: StageInput): string;
  /** Each way the target is looser than the source; empty when it is not. */
  loosenings(source: StageInput, target: StageInput): Loosening[];
}

/** The facade grants' scopes, by client: the scripts' client as `scripts`, approved clients by description. */
function grantedScopes(input: StageInput): Map<string, readonly string[]> {
  const roles = new Map(
    declaredAccess(input).map((access) => {
      const approved =
        "literal" in access.client
          ? input.config.approvedClients.find((entry) => entry.clientId === (access.client as { literal: string }).literal)
          : undefined;
      return [keyOf(access.client), approved === undefined ? "the scripts' M2M client" : `"${approved.description}"`] as const;
    }),
  );
  const scopes = new Map<string, readonly string[]>();
  for (const grant of facadeGrants(input)) {
    const client = readValue(grant.values.client_id);
    // A client it cannot read is no client the source was tested with.
    const role =
      client === undefined
        ? `a client it cannot read (${describeValue(valueAt(grant.values, "client_id"))})`
        : (roles.get(keyOf(client)) ?? `client ${"literal" in client ? client.literal : client.reference}`);
    scopes.set(role, asStringList(valueAt(grant.values, "scopes")) ?? ["(unreadable)"]);
  }
  return scopes;
}

const facadeAccess: ComparableFact = {
  id: "facade-access-as-declared",
  summary: (source, target) =>
    `${target.config.stage} grants ${facadeGrants(target).length} client(s) facade access, ${source.config.stage} ${facadeGrants(source).length}`,
  loosenings(source, target) {
    const before = grantedScopes(source);
    return [...grantedScopes(target)].flatMap(([role, scopes]): Loosening[] => {
      const tested = before.get(role);
      if (tested === undefined) {
        return [
          {
            field: "approvedClients",
            message: `${target.config.stage} gives ${role} facade tokens, which ${source.config.stage} does not (approved clients pair across stages by description)`,
          },
        ];
      }
      const extra = scopes.filter((scope) => !tested.includes(scope));
      return extra.length === 0
        ? []
        : [
            {
              field: role === "the scripts' M2M client" ? "connection.scripts" : "approvedClients",
              message: `${role} holds ${extra.join(", ")} in ${target.config.stage}, not in ${source.config.stage}`,
            },
          ];
    });
  },
};

function pinCount(input: StageInput): number | undefined {
  const pins = customDatabases(input.stack).map((connection) => readList(configurationOf(connection)?.[CONFIGURATION_KEYS.facadeCertSha256] ?? ""));
  return pins[0]?.length;
}

const certificatePins: ComparableFact = {
  id: "facade-pins",
  summary: (source, target) =>
    `facade certificate pins: ${source.config.stage} ${pinCount(source) ?? "unreadable"}, ${target.config.stage} ${pinCount(target) ?? "unreadable"}`,
  loosenings(source, target) {
    const [before, after] = [pinCount(source), pinCount(target)];
    const [from, to] = [source.config.stage, target.config.stage];
    // A source that pins nothing trusts any CA-issued certificate: no target is looser.
    if (before === 0) return [];
    const looser = (message: string): Loosening[] => [{ field: "facade.certificate", message }];
    if (before === undefined) return looser(`${from}'s facade certificate pins cannot be read, so ${to}'s cannot be shown to be as strict`);
    if (after === undefined) return looser(`${to}'s facade certificate pins cannot be read, where ${from} pins ${before}`);
    if (after === 0)
      return looser(`${to} trusts any CA-issued facade certificate where ${from} pins ${before} (keep a self-signed certificate with sha256Pins)`);
    if (after > MAX_PINS) return looser(`${to} pins ${after} facade certificates, more than the ${MAX_PINS} a rotation needs, where ${from} pins ${before}`);
    return [];
  },
};

const LIFETIMES = ["token_lifetime", "token_lifetime_for_web"] as const;
const lifetimeOf = (input: StageInput, attribute: string) => {
  const api = facadeApis(input)[0];
  return api === undefined ? undefined : asNumber(valueAt(api.values, attribute));
};

const tokenLifetime: ComparableFact = {
  id: "api-as-declared",
  summary: (source, target) =>
    `facade token lifetime: ${source.config.stage} ${lifetimeOf(source, "token_lifetime") ?? "unreadable"} s, ${target.config.stage} ${lifetimeOf(target, "token_lifetime") ?? "unreadable"} s`,
  loosenings(source, target) {
    const [from, to] = [source.config.stage, target.config.stage];
    const compared = LIFETIMES.map((attribute) => ({ attribute, before: lifetimeOf(source, attribute), after: lifetimeOf(target, attribute) }));
    const seconds = (value: number | undefined) => (value === undefined ? "unreadable" : `${value} s`);
    // A lifetime either stage leaves unreadable cannot be shown to be as short.
    const unreadable = compared.filter(({ before, after }) => before === undefined || after === undefined);
    const longer = compared.filter(({ before, after }) => before !== undefined && after !== undefined && after > before);
    const loosenings: Loosening[] = [];
    if (unreadable.length > 0) {
      const shown = unreadable.map(({ attribute, before, after }) => `${attribute}: ${from} ${seconds(before)}, ${to} ${seconds(after)}`).join("; ");
      loosenings.push({ field: "accessToken.lifetimeSeconds", message: `${to}'s facade tokens cannot be shown to live no longer than ${from}'s (${shown})` });
    }
    if (longer.length > 0) {
      const shown = longer.map(({ attribute, before, after }) => `${attribute} ${after} s > ${before} s`).join(", ");
      loosenings.push({ field: "accessToken.lifetimeSeconds", message: `${to}'s facade tokens live longer than ${from}'s (${shown})` });
    }
    return loosenings;
  },
};

const scriptNames = (input: StageInput) => {
  const connection = customDatabases(input.stack)[0];
  return connection === undefined ? [] : Object.keys(scriptsOf(connection) ?? {}).sort();
};
const signupOff = (input: StageInput) => {
  const connection = customDatabases(input.stack)[0];
  return connection !== undefined && asBoolean(valueAt(connection.values, "options", "disable_signup")) === true;
};

const enabledScripts: ComparableFact = {
  id: "connection-as-declared",
  summary: (source, target) => `scripts: ${source.config.stage} ${scriptNames(source).join(", ")}; ${target.config.stage} ${scriptNames(target).join(", ")}`,
  loosenings(source, target) {
    const extra = scriptNames(target).filter((name) => !scriptNames(source).includes(name));
    const loosenings: Loosening[] =
      extra.length === 0
        ? []
        : [{ field: "connection.scripts", message: `${target.config.stage} enables ${extra.join(", ")}, which ${source.config.stage} does not` }];
    if (signupOff(source) && !signupOff(target))
      loosenings.push({ field: "connection.scripts", message: `${target.config.stage} lets users sign up, ${source.config.stage} does not` });
    return loosenings;
  },
};

/** Where a stack keeps its state, and how well that protects the credentials the state holds. */
interface StateStore {
  readonly name: string;
  /** 0: a file on the machine that runs Terraform; 1: a remote store this stack does not ask to encrypt; 2: remote and encrypted at rest. */
  readonly protection: 0 | 1 | 2;
}

/** The backend as the synthesized stack declares it (`terraform.backend` or `terraform.cloud`); undefined when it cannot be read. */
function stateStore(input: StageInput): StateStore | undefined {
  const terraform = input.stack.document.terraform as Record<string, unknown> | undefined;
  if (terraform?.cloud !== undefined) return { name: "HCP Terraform", protection: 2 };
  const backend = terraform?.backend;
  // Without a backend block Terraform keeps terraform.tfstate where it runs.
  if (backend === undefined) return { name: "local (no backend declared)", protection: 0 };
  const kinds = typeof backend === "object" && backend !== null && !Array.isArray(backend) ? Object.entries(backend) : [];
  if (kinds.length !== 1) return undefined;
  const [kind, settings] = kinds[0];
  switch (kind) {
    case "local":
      return { name: "a local file", protection: 0 };
    case "s3":
      return asBoolean(terraformValue((settings as Record<string, unknown> | null)?.encrypt)) === true
        ? { name: "s3, encrypted", protection: 2 }
        : { name: "s3, not encrypted", protection: 1 };
    case "gcs":
    case "azurerm":
    case "remote":
      return { name: kind, protection: 2 };
    default:
      return undefined;
  }
}

const stateBackend: ComparableFact = {
  id: "state-backend",
  summary: (source, target) =>
    `state: ${source.config.stage} ${stateStore(source)?.name ?? "unreadable"}, ${target.config.stage} ${stateStore(target)?.name ?? "unreadable"}`,
  loosenings(source, target) {
    const [before, after] = [stateStore(source), stateStore(target)];
    const [from, to] = [source.config.stage, target.config.stage];
    // A source that keeps its state in a local file protects it least: no target is looser.
    if (before?.protection === 0) return [];
    const looser = (message: string): Loosening[] => [{ field: "backend", message }];
    const holds = "its Terraform state, which holds the scripts' credential in plain text";
    if (before === undefined) return looser(`${from}'s state backend cannot be read, so ${to}'s cannot be shown to protect ${holds}, as well`);
    if (after === undefined) return looser(`${to}'s state backend cannot be read, where ${from} keeps ${holds}, in ${before.name}`);
    if (after.protection < before.protection) return looser(`${to} keeps ${holds}, in ${after.name}, where ${from} keeps it in ${before.name}`);
    return [];
  },
};

/**
 * Every fact promotion holds the target to beyond the review's own findings.
 * `facade.timeoutMs` is deliberately not one: it bounds how long a login waits for the
 * facade, not who gets access; the diff still shows it.
 */
export const COMPARABLE_FACTS: readonly ComparableFact[] = [facadeAccess, certificatePins, tokenLifetime, enabledScripts, stateBackend];
