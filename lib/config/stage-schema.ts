import { z } from "zod";
import { IMPORT_MODE_SCRIPTS, SCRIPT_NAMES, scopesForScripts } from "../../contract/facade-contract";
import { isManagementApiAudience } from "../../contract/action-secrets";
import { normalizeFingerprint } from "../../contract/fingerprints";
import { rsaPublicKeyFault } from "./stage-config";
import { AUTH0_ID_PATTERNS, DEFAULT_TIMEOUT_MS, MAX_PINS, MAX_TIMEOUT_MS, MIN_TIMEOUT_MS, TOKEN_LIFETIME_SECONDS } from "../limits";

/** Public-cloud regions, as the provider's `auth0_outbound_ips` data source names them. */
const AUTH0_REGIONS = ["US", "EU", "AU", "JP", "UK", "CA"] as const;

const REQUIRED_SCRIPTS = ["login", "get_user"] as const;

const hostname = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
  message: "expected a lowercase host name like acme-dev.eu.auth0.com (no scheme, no path)",
});

const httpsUrl = z
  .string()
  .refine(
    (text) => {
      try {
        const url = new URL(text);
        return url.protocol === "https:" && !url.username && !url.password && !url.search && !url.hash;
      } catch {
        return false;
      }
    },
    { message: "expected an https:// URL without credentials, query or fragment" },
  )
  .meta({ pattern: "^https://[^\\s/?#@:]+(:[0-9]{1,5})?(/[^\\s?#]*)?$" });

const clientId = z.string().regex(AUTH0_ID_PATTERNS.client, { message: "expected an Auth0 client ID (32 letters and digits)" });

function unique<T>(items: readonly T[]): boolean {
  return new Set(items).size === items.length;
}

/** What is wrong with a fingerprint normalizeFingerprint refuses, in words. */
function fingerprintFault(text: string): string {
  const pin = text.trim().toLowerCase();
  const stray = [...pin].findIndex((character) => !/[0-9a-f:]/.test(character));
  if (stray >= 0) return `${JSON.stringify(text.trim()[stray])} at character ${stray + 1} is not a hex digit`;
  const digits = pin.replace(/:/g, "").length;
  return digits === 64 ? "its colons are not between byte pairs" : `it has ${digits} hex digits`;
}

const fingerprint = z
  .string()
  .transform((text, context) => {
    const pin = normalizeFingerprint(text);
    if (pin === undefined) {
      context.addIssue({
        code: "custom",
        message: `expected a SHA-256 fingerprint: 64 hex digits, with or without colons between byte pairs (${fingerprintFault(text)})`,
        input: text,
      });
      return z.NEVER;
    }
    return pin;
  })
  .meta({ pattern: "^\\s*([0-9a-fA-F]{64}|[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){31})\\s*$" });

const certificate = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("ca-issued").describe("The facade presents a certificate from a CA that Node trusts; no pins."),
  }),
  z.strictObject({
    type: z.literal("self-signed").describe("The facade presents a self-signed certificate, identified by its SHA-256 fingerprint."),
    sha256Pins: z
      .array(fingerprint)
      .min(1, { message: `expected 1 or ${MAX_PINS} pins (two while a certificate is rotated)` })
      .max(MAX_PINS, { message: `expected 1 or ${MAX_PINS} pins (two while a certificate is rotated)` })
      .refine(unique, { message: "expected distinct pins (the same fingerprint is listed twice)" }),
  }),
]);

const connectionId = z.string().regex(AUTH0_ID_PATTERNS.connection, { message: "expected an Auth0 connection ID (con_ and letters and digits)" });
const grantId = z.string().regex(AUTH0_ID_PATTERNS.clientGrant, { message: "expected an Auth0 client grant ID (cgr_ and letters and digits)" });
const actionId = z.string().regex(AUTH0_ID_PATTERNS.action, { message: "expected an Auth0 Action ID (a lowercase UUID)" });

/**
 * What already exists in the tenant and the stack takes over instead of creating: each ID
 * becomes a Terraform import block, so the first plan imports the object and changes it
 * in place. Tenant-specific: never promoted to another stage.
 */
const adopt = z
  .strictObject({
    connectionId: connectionId.describe("The existing custom database connection (and its enabled applications)."),
    resourceServerId: z
      .string()
      .regex(AUTH0_ID_PATTERNS.resourceServer, { message: "expected an Auth0 API (resource server) ID, letters and digits, not its identifier URL" })
      .optional()
      .describe("The existing facade API (and its scopes), by its ID."),
    scriptsClient: z
      .strictObject({
        clientId: clientId.describe("The existing M2M application the scripts use."),
        grantId: grantId.describe("Its grant for the facade API."),
      })
      .optional()
      .describe("The existing M2M application of the scripts, its credentials and its grant."),
    approvedClientGrants: z.record(clientId, grantId).default({}).describe("Existing facade grants of approved clients, by client ID. @default {}"),
    exchangeGuardActionId: actionId.optional().describe("The existing credentials-exchange guard Action (and its binding)."),
    loginGuardActionId: actionId.optional().describe("The existing post-login guard Action (and its binding)."),
  })
  .describe("Existing tenant objects this stage takes over with Terraform import blocks (see docs/adoption.md).");

const signingPublicKey = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { message: "expected a key name of letters, digits, dots, dashes and underscores (2027-01)" })
    .describe("The credential's name on the client; names the key in signingKey."),
  publicKey: z
    .string()
    .superRefine((pem, context) => {
      const fault = rsaPublicKeyFault(pem);
      if (fault !== undefined) context.addIssue({ code: "custom", message: `expected an RSA public key in PEM: ${fault}`, input: `${pem.slice(0, 30)}...` });
    })
    .describe("The RSA public key (PEM, 2048 bits or more) registered on the M2M client."),
});

const clientAuthentication = z
  .discriminatedUnion("method", [
    z.strictObject({ method: z.literal("client-secret") }),
    z.strictObject({
      method: z.literal("private-key-jwt"),
      keys: z
        .array(signingPublicKey)
        .min(1, { message: "expected 1 or 2 keys (two while a key is rotated)" })
        .max(2, { message: "expected 1 or 2 keys (two while a key is rotated)" })
        .refine((keys) => unique(keys.map((key) => key.name)), { message: "expected distinct key names" }),
      signingKey: z.string().describe("The name of the key whose private half the scripts sign with (TF_VAR_facade_client_signing_key)."),
    }),
  ])
  .superRefine((authentication, context) => {
    if (authentication.method === "private-key-jwt" && !authentication.keys.some((key) => key.name === authentication.signingKey)) {
      context.addIssue({ code: "custom", path: ["signingKey"], message: "expected the name of one of keys", input: authentication.signingKey });
    }
  });

const approvedClient = z.strictObject({
  clientId,
  description: z
    .string()
    .min(10, { message: "expected a description of at least 10 characters" })
    .describe("Why this client may call the facade; shown in the security review."),
  scopes: z
    .array(z.string())
    .min(1, { message: "expected at least one scope" })
    .refine(unique, { message: "expected distinct scopes" })
    .describe("Facade scopes it is granted; a subset of what the enabled scripts use."),
});

/**
 * Why a waiver is acceptable: what a reviewer reads next to the finding, so a real
 * sentence, not "ok" or "n/a".
 */
export const waiverReason = z
  .string()
  .trim()
  .min(20, { message: "expected a reason of at least 20 characters", abort: true })
  .refine((text) => /^[A-Z0-9`"(]/.test(text) && /[.!?)]$/.test(text) && text.split(/\s+/).length >= 4, {
    message: "expected a reason written as at least one full sentence (a capital first, several words, a full stop last)",
  });

/** A Terraform resource address, as `terraform plan` prints it (`auth0_connection.CustomDatabase_Connection_F257C256`). */
const RESOURCE_ADDRESS = /^(module\.[A-Za-z0-9_-]+(\[[^\]]+\])?\.)*[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+(\[[^\]]+\])?$/;

/** The changes to what a stage is (see lib/facts/stage-identity.ts) that promotion refuses without a waiver. */
export const IDENTITY_CHANGES = ["connection.name", "connection.strategy", "facade.audience", "connection.importMode"] as const;

/**
 * A waiver of one review rule for one resource. The reason is what a security reviewer
 * reads next to the finding, so it must be a real sentence, not "ok" or "n/a".
 */
const suppression = z.strictObject({
  rule: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: "expected a review rule id like api-users-deny-all (see the rule table in docs/review.md)" })
    .describe("The review rule to waive."),
  resource: z
    .string()
    .min(1, { message: "expected a construct path (dev/ProtectedApi/ResourceServer) or a Terraform address" })
    .describe("The resource it is waived for: its construct path or its Terraform address, as the review report shows them."),
  reason: waiverReason.describe("Why the waiver is acceptable; shown next to the finding in every report."),
});

/** A refusal of `npm run plan-check` waived for one resource address (one apply's decision: remove it afterwards). */
const planWaiver = z.strictObject({
  address: z
    .string()
    .regex(RESOURCE_ADDRESS, { message: "expected a Terraform resource address as plan-check prints it (auth0_connection.CustomDatabase_Connection_F257C256)" })
    .describe("The resource whose deletion, replacement or hazardous update is accepted in the next apply."),
  reason: waiverReason.describe("Why losing what plan-check names is intended; shown in its output."),
});

/** A change to what the stage is, accepted by `npm run promote` for this stage. */
const promotionWaiver = z.strictObject({
  change: z.enum(IDENTITY_CHANGES).describe("The identity change accepted: the connection's name or strategy, the facade audience, or import mode turned off."),
  reason: waiverReason.describe("Why the change is intended; shown in the promotion report."),
});

const backend = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("local"),
    path: z.string().min(1).optional().describe('@default "terraform.<stage>.tfstate" in the project root'),
  }),
  z.strictObject({
    type: z.literal("s3"),
    bucket: z.string().min(3),
    key: z.string().min(1),
    region: z.string().min(1),
    useLockfile: z.boolean().default(true).describe("S3-native state locking (Terraform 1.10+). @default true"),
  }),
  z.strictObject({
    type: z.literal("gcs"),
    bucket: z.string().min(3),
    prefix: z.string().min(1),
  }),
  z.strictObject({
    type: z.literal("azurerm"),
    resourceGroupName: z.string().min(1),
    storageAccountName: z.string().min(3),
    containerName: z.string().min(3),
    key: z.string().min(1),
  }),
  z.strictObject({
    type: z.literal("hcp-terraform"),
    organization: z.string().min(1),
    workspace: z.string().min(1),
    hostname: hostname.optional().describe('@default "app.terraform.io"'),
  }),
]);

export const stageSchema = z
  .strictObject({
    $schema: z.string().optional(),
    tenant: z.strictObject({
      domain: hostname.describe("The tenant's canonical domain; the token URL is https://<domain>/oauth/token."),
      region: z.enum(AUTH0_REGIONS).describe("The tenant's region; picks the outbound IP ranges the facade firewall allows."),
    }),
    facade: z.strictObject({
      url: httpsUrl.describe("Base URL of the facade API."),
      audience: z
        .string()
        .min(1)
        .max(600)
        .refine((text) => text.trim() === text, { message: "expected no leading or trailing spaces" })
        .refine((text) => !isManagementApiAudience(text.toLowerCase()), {
          message:
            "expected an audience of the facade's own, not one shaped like a tenant's Management API (https://<host>/api/v2/): a broken credentials-exchange guard still lets that shape through, so Terraform can repair it",
        })
        .describe("The facade's audience: the Auth0 API identifier."),
      certificate,
      timeoutMs: z
        .number()
        .int()
        .min(MIN_TIMEOUT_MS)
        .max(MAX_TIMEOUT_MS)
        .default(DEFAULT_TIMEOUT_MS)
        .describe("Budget for one script run (token fetch, request, one retry). @default 5000"),
    }),
    connection: z.strictObject({
      name: z
        .string()
        .regex(/^[A-Za-z0-9]([A-Za-z0-9-]{0,126}[A-Za-z0-9])?$/, {
          message: "expected letters, digits and inner hyphens, at most 128 characters",
        })
        .describe(
          "The Auth0 connection name; also names the API, the M2M client and the Actions. Never change it once deployed: a new name replaces the connection, which deletes all its users (see displayName).",
        ),
      displayName: z
        .string()
        .trim()
        .min(1)
        .max(128)
        .optional()
        .describe("The name users see on the login screen; changes in place, unlike name. @default Auth0's (the connection name)"),
      importMode: z.boolean().describe("Lazy migration: users are copied into Auth0 at their first login."),
      scripts: z
        .array(z.enum(SCRIPT_NAMES))
        .refine(unique, { message: "expected each script at most once" })
        .refine((scripts) => REQUIRED_SCRIPTS.every((name) => scripts.includes(name)), {
          message: `expected at least ${REQUIRED_SCRIPTS.join(" and ")}`,
        })
        .describe("The custom database scripts Auth0 runs; each one's facade scope is granted, nothing more."),
      enabledClients: z
        .array(clientId)
        .min(1, { message: "expected at least one application (a connection no application uses is dead config)" })
        .refine(unique, { message: "expected distinct client IDs" })
        .describe("Client IDs of the applications whose users log in with this connection."),
    }),
    approvedClients: z.array(approvedClient).default([]).describe("Clients, beyond the stack's own M2M client, approved to get facade tokens. @default []"),
    adopt: adopt.optional(),
    clientAuthentication: clientAuthentication
      .default({ method: "client-secret" })
      .describe(
        "How the scripts' M2M client authenticates for tokens: client-secret, or private-key-jwt with one or two registered public keys (rotation without a failed login, see docs/credential-rotation.md). @default client-secret",
      ),
    accessToken: z
      .strictObject({
        lifetimeSeconds: z
          .number()
          .int()
          .min(TOKEN_LIFETIME_SECONDS.min)
          .max(TOKEN_LIFETIME_SECONDS.max)
          .default(TOKEN_LIFETIME_SECONDS.default)
          .describe("Lifetime of facade access tokens, in seconds. @default 600"),
        quota: z
          .strictObject({
            perHour: z.number().int().min(1).optional().describe("Most client-credentials tokens the scripts' M2M client gets per hour."),
            perDay: z.number().int().min(1).optional().describe("Most client-credentials tokens the scripts' M2M client gets per day."),
            enforce: z.boolean().default(true).describe("Refuse tokens over the quota (false: only report it). @default true"),
          })
          .refine((quota) => quota.perHour !== undefined || quota.perDay !== undefined, { message: "expected perHour, perDay or both" })
          .optional()
          .describe(
            "A token quota for the scripts' M2M client (Auth0's token_quota, on tenants whose plan has it: others refuse the apply). The scripts use one token per warm container per token lifetime; see docs/token-budget.md. @default none",
          ),
      })
      .default({ lifetimeSeconds: TOKEN_LIFETIME_SECONDS.default }),
    actionSecrets: z
      .enum(["write-only", "state"])
      .default("write-only")
      .describe(
        "How Action secrets reach Auth0: write-only (secrets_wo, never in state; Terraform 1.11+) or state (secrets, in state in plain text). @default write-only",
      ),
    backend: backend.default({ type: "local" }).describe("Where this stage's Terraform state lives; never shared between stages. @default local"),
    suppressions: z
      .array(suppression)
      .default([])
      .superRefine((items, context) => {
        items.forEach((item, index) => {
          if (items.findIndex((other) => other.rule === item.rule && other.resource === item.resource) < index) {
            context.addIssue({
              code: "custom",
              path: [index],
              message: "expected each rule and resource at most once (this pair is already suppressed)",
              input: item.resource,
            });
          }
        });
      })
      .describe("Review findings waived for this stage, each with its reason; they stay visible, marked, in every report. @default []"),
    planWaivers: z
      .array(planWaiver)
      .default([])
      .refine((items) => unique(items.map((item) => item.address)), { message: "expected each address at most once" })
      .describe("Refusals of npm run plan-check accepted for this stage, by resource address; a waiver that matches nothing is an error. @default []"),
    promotionWaivers: z
      .array(promotionWaiver)
      .default([])
      .refine((items) => unique(items.map((item) => item.change)), { message: "expected each change at most once" })
      .describe("Identity changes npm run promote accepts for this stage (it refuses them otherwise). @default []"),
  })
  .superRefine((stage, context) => {
    const { scripts, importMode } = stage.connection;
    if (importMode) {
      const unused = scripts.filter((name) => !IMPORT_MODE_SCRIPTS.includes(name));
      if (unused.length > 0) {
        context.addIssue({
          code: "custom",
          path: ["connection", "scripts"],
          message: `expected only ${IMPORT_MODE_SCRIPTS.join(" and ")} in import mode (Auth0 never calls ${unused.join(", ")} there, so their facade scopes would be granted for nothing)`,
          input: scripts,
        });
      }
    }
    const available = scopesForScripts(scripts);
    stage.approvedClients.forEach((client, index) => {
      client.scopes.forEach((scope, scopeIndex) => {
        if (!available.includes(scope)) {
          context.addIssue({
            code: "custom",
            path: ["approvedClients", index, "scopes", scopeIndex],
            message: `expected one of the scopes the enabled scripts use (${available.join(", ")})`,
            input: scope,
          });
        }
      });
    });
    if (!unique(stage.approvedClients.map((client) => client.clientId))) {
      context.addIssue({
        code: "custom",
        path: ["approvedClients"],
        message: "expected each client at most once",
        input: stage.approvedClients.map((client) => client.clientId),
      });
    }
    const approvedIds = stage.approvedClients.map((client) => client.clientId);
    for (const client of Object.keys(stage.adopt?.approvedClientGrants ?? {})) {
      if (!approvedIds.includes(client)) {
        context.addIssue({
          code: "custom",
          path: ["adopt", "approvedClientGrants", client],
          message: "expected a client listed in approvedClients (only their grants are declared)",
          input: client,
        });
      }
    }
    const regionInDomain = /\.(us|eu|au|jp|uk|ca)\.auth0\.com$/.exec(stage.tenant.domain)?.[1]?.toUpperCase();
    if (regionInDomain !== undefined && regionInDomain !== stage.tenant.region) {
      context.addIssue({
        code: "custom",
        path: ["tenant", "region"],
        message: `expected "${regionInDomain}", the region in the tenant domain`,
        input: stage.tenant.region,
      });
    }
  });
