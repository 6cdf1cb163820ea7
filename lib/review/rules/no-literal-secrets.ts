import { parseStringExpression } from "../../synthesized/terraform-expressions";
import { SECRET_NAME, findCredentials } from "../code/credentials";
import { resourceRef, type ResourceRef, type Violation } from "../finding";
import type { Rule } from "../rule";
import { asArray, asRecord, type Json } from "../values";

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

/** What is wrong with one value, never quoting it. */
function literalSecretProblem(leaf: Leaf): string | undefined {
  const parsed = parseStringExpression(leaf.value);
  const literals = parsed === undefined ? [] : parsed.parts.flatMap((part) => ("literal" in part ? [part.literal] : []));
  const wholeLiteral = parsed !== undefined && parsed.parts.length === 1 && literals.length === 1 ? literals[0] : undefined;
  if (wholeLiteral !== undefined && wholeLiteral !== "" && SECRET_NAME.test(leaf.name)) {
    return `${leaf.field} is a literal value (${wholeLiteral.length} characters) where a Terraform reference or a write-only input belongs`;
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
