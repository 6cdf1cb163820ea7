import { createPrivateKey, createPublicKey } from "node:crypto";
import { asArray, asRecord, type Json } from "../../facts/values";
import { terraformValue } from "../../synthesized/terraform-values";
import { SECRET_NAME, findCredentials } from "../code/credentials";
import { resourceRef, type ResourceRef, type Violation } from "../finding";
import type { Rule } from "../rule";

/** Code is reviewed by the code-* rules; here only configuration. */
const CODE_FIELDS = new Set(["code", "options.custom_scripts"]);

interface Leaf {
  readonly field: string;
  /** The name the value goes by: its key, or the `name` beside it in a `{ name, value }` entry. */
  readonly name: string;
  readonly value: string;
}

function leaves(value: Json, field: string, name: string): Leaf[] {
  if (CODE_FIELDS.has(field)) return [];
  if (typeof value === "string") return [{ field, name, value }];
  const list = asArray(value);
  if (list) return list.flatMap((item, index) => leaves(item, `${field}[${index}]`, name));
  const record = asRecord(value);
  if (!record) return [];
  return Object.entries(record).flatMap(([key, item]) => {
    const itemName = key === "value" && typeof record.name === "string" ? record.name : key;
    return leaves(item, field === "" ? key : `${field}.${key}`, itemName);
  });
}

/** A PEM public key and nothing else (a private_key_jwt credential): public material, however random it looks. */
function isPublicKeyOnly(text: string): boolean {
  if (!/^\s*-----BEGIN PUBLIC KEY-----[A-Za-z0-9+/=\s]+-----END PUBLIC KEY-----\s*$/.test(text)) return false;
  try {
    createPublicKey(text);
  } catch {
    return false;
  }
  try {
    createPrivateKey(text);
    return false;
  } catch {
    return true;
  }
}

/**
 * What is wrong with one value, never quoting it. The value is read as Terraform reads
 * it, so a secret behind `${base64decode("...")}` or `${join("", [...])}` is the literal
 * it evaluates to.
 */
function literalSecretProblem(leaf: Leaf): string | undefined {
  const value = terraformValue(leaf.value);
  const secretNamed = SECRET_NAME.test(leaf.name);
  if (value.kind === "reference") return undefined;
  if (value.kind === "unknown" && secretNamed) {
    return `${leaf.field} is computed in a way the review cannot read (not one reference): it may hold a literal secret`;
  }
  const literals =
    value.kind === "known"
      ? typeof value.value === "string"
        ? [value.value]
        : []
      : value.kind === "join"
        ? value.parts.flatMap((part) => ("literal" in part ? [part.literal] : []))
        : // Computed: the string literals written inside the expression, where a pasted secret would hide.
          [...leaf.value.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((match) => match[1]);
  const whole = value.kind === "known" && typeof value.value === "string" ? value.value : undefined;
  if (whole !== undefined && isPublicKeyOnly(whole)) return undefined;
  if (whole !== undefined && whole !== "" && secretNamed) {
    return `${leaf.field} is a literal value (${whole.length} characters) where a Terraform reference or a write-only input belongs`;
  }
  const kinds = [...new Set(literals.flatMap((literal) => findCredentials(literal).map((found) => found.kind)))];
  return kinds.length === 0 ? undefined : `${leaf.field} holds what looks like ${kinds.join(" and ")}`;
}

function violationsIn(resource: ResourceRef, values: Json, field = ""): Violation[] {
  return leaves(values, field, "").flatMap((leaf) => {
    const message = literalSecretProblem(leaf);
    return message === undefined ? [] : [{ resource, message }];
  });
}

export const noLiteralSecrets: Rule = {
  id: "no-literal-secrets",
  checks:
    "No secret is written as a literal in the synthesized configuration: attributes and configuration keys named like secrets (client_secret, CLIENT_SECRET, api_token, ...) " +
    "are Terraform references, and no value (Action secrets included) looks like a private key, a JWT or a high-entropy token.",
  threat:
    "A literal secret is in the synthesized JSON, the repository it is generated from, every plan and the state: anyone with read access to any of them " +
    "holds the credential (for CLIENT_SECRET, the power to request facade tokens).",
  fix: "Pass secrets by Terraform reference (the M2M secret comes from `auth0_client_credentials`) or from the environment (the provider reads AUTH0_CLIENT_SECRET); rotate any secret that was committed.",
  check: (input) => {
    const { document } = input.stack;
    const inResources = [...input.stack.resources, ...input.stack.dataSources].flatMap((resource) => violationsIn(resourceRef(resource), resource.values));
    // Provider, backend, outputs, variables: named like `provider.auth0`, `terraform.backend`.
    const elsewhere = Object.entries(document)
      .filter(([section]) => section !== "resource" && section !== "data" && section !== "//")
      .flatMap(([section, body]) =>
        Object.entries(asRecord(body) ?? {}).flatMap(([key, value]) => violationsIn({ path: `${section}.${key}` }, value, `${section}.${key}`)),
      );
    return [...inResources, ...elsewhere];
  },
};
