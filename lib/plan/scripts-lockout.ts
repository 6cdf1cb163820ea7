import type { PlanContext, PlanHazard } from "./hazard";
import {
  type Acceptance,
  type Credential,
  type Lockout,
  type ScriptsCredentials,
  acceptanceOf,
  lockouts,
  presentedBy,
  canonicalPublicKey,
  scriptsCredentials,
  signingKeyVariable,
} from "./scripts-credentials";
import type { ResourceChange, TerraformPlan } from "./terraform-plan";

/**
 * A plan after which, or during which, the scripts cannot get a facade token: every login
 * that needs a new token fails. Judged on the model of scripts-credentials.ts, at each
 * moment of the apply; the safe sequence is named by what the plan tries to do.
 */

const ROTATION = "docs/credential-rotation.md";

/** How a key is named to the operator: its name on the client before or after the apply. */
const keyName = (key: string, ...names: Acceptance[]): string => {
  const name = names.map((accepts) => accepts.keyNames[key]).find((found) => found !== undefined);
  return name === undefined ? "a key the client has not registered" : `key ${JSON.stringify(name)}`;
};

const keyOf = (credential: Credential): string | undefined => (credential.kind === "key" ? credential.publicKey : undefined);

/** What the plan does to the credentials, in the operator's words, and the safe sequence for it. */
function saferSequence(pair: ScriptsCredentials, plan: TerraformPlan, context: PlanContext): { what: string; instead: string[] } {
  const before = acceptanceOf(pair.credentials, "before");
  const after = acceptanceOf(pair.credentials, "after");
  const next = presentedBy(pair.connection, "after", plan, pair.credentials.address);
  const [oldKey, newKey] = [keyOf(presentedBy(pair.connection, "before", plan, pair.credentials.address)), keyOf(next)];
  const stageFile = context.stageFile ?? "the stage file";
  const quiet = `If the window is accepted, apply at a quiet hour with a waiver for ${pair.credentials.address} (see below).`;
  if (before.method !== after.method) {
    return {
      what: `the client's authentication method changes from ${before.method} to ${after.method}`,
      instead: [
        "A client accepts one authentication method at a time, so no sequence switches it without a window.",
        after.method === "private_key_jwt"
          ? "Switch once, at a quiet hour, with a waiver; from then on rotate keys without a window."
          : `Stay on private-key-jwt, whose keys rotate without a window (${ROTATION}); or switch at a quiet hour: terraform -chdir=${context.stackDir} apply -target='${pair.credentials.address}', then plan again so the connection reads the new secret, with a waiver for each apply.`,
        quiet,
      ],
    };
  }
  const registersNew = newKey !== undefined && !before.keys.includes(newKey);
  const dropsOld = oldKey !== undefined && !after.keys.includes(oldKey);
  if (registersNew || (dropsOld && newKey !== undefined && newKey !== oldKey)) {
    return {
      what: `the scripts switch to ${keyName(newKey as string, after, before)}${registersNew ? ", which the client registers only in this apply" : ""}${dropsOld ? `, and ${keyName(oldKey as string, before)} is unregistered in the same apply` : ""}`,
      instead: [
        `Rotate in three applies (${ROTATION}): 1. add the new key to clientAuthentication.keys, keeping signingKey; 2. set signingKey and TF_VAR_facade_client_signing_key to it; 3. remove the old key (${stageFile}).`,
      ],
    };
  }
  if (dropsOld) {
    const old = keyName(oldKey, before);
    return {
      what: `${old} is unregistered while the scripts still sign with it`,
      instead: [
        `Keep ${old} in clientAuthentication.keys until the scripts sign with another: first set signingKey and TF_VAR_facade_client_signing_key to a registered key and apply (step 2 of ${ROTATION}); then remove it (${stageFile}).`,
        "If TF_VAR_facade_client_signing_key still holds the old private key, set it to the new one and plan again.",
      ],
    };
  }
  if (next.kind === "none") {
    return {
      what: `the new connection configuration gives the scripts no credential (${next.why})`,
      instead: [
        next.why.startsWith("CLIENT_SECRET is empty")
          ? "The provider read an empty client secret: give the deployment application read:client_keys (docs/real-tenant.md), refresh, and plan again."
          : "Fix the configuration the stack declares for the connection (npm run synth, npm run review), and plan again.",
      ],
    };
  }
  if (after.method === "client_secret_post" || after.method === "client_secret_basic") {
    return {
      what: "the client's secret changes",
      instead: [
        `A client secret has no overlap: between Auth0 taking the new secret and each warm container receiving the configuration that holds it, logins that need a token fail. Move to private-key-jwt, whose keys overlap (${ROTATION}).`,
        quiet,
      ],
    };
  }
  return {
    what: "the client's credentials change",
    instead: [`Change the credentials in steps that keep the scripts' credential accepted throughout (${ROTATION}).`],
  };
}

function describe(lockout: Lockout): string {
  const whose = lockout.which === "old" ? "containers still on the old configuration" : "containers with the new configuration";
  const reason = "refused" in lockout.verdict ? lockout.verdict.refused : lockout.verdict.unreadable;
  return `${lockout.moment}: ${whose} get no token (${reason})`;
}

function lockoutHazard(plan: TerraformPlan, pair: ScriptsCredentials, context: PlanContext): PlanHazard[] {
  const [lockout] = lockouts(plan, pair);
  if (lockout === undefined) return [];
  const connectionChanges = pair.connection.change.actions.includes("update");
  const { what, instead } = saferSequence(pair, plan, context);
  const unreadable = "unreadable" in lockout.verdict;
  const forGood = lockout.forGood;
  return [
    {
      address: connectionChanges ? pair.connection.address : pair.credentials.address,
      kind: unreadable ? "unreadable" : forGood ? "locks users out" : "outage",
      change: `update: ${what}`,
      loses: unreadable
        ? `the plan gate cannot tell whether the scripts still get facade tokens ${describe(lockout)}`
        : `${describe(lockout)}, so every login that needs a new facade token fails${forGood ? ", until another apply fixes it" : ""}`,
      instead,
    },
  ];
}

/**
 * The key the plan gives the scripts against the stage file's signingKey: a plan made with
 * the old TF_VAR_facade_client_signing_key keeps signing with a key the stage file no longer
 * names, and the next apply that retires that key, which the stage file allows, locks every
 * login out.
 */
function signingKeyAsDeclared(plan: TerraformPlan, pair: ScriptsCredentials, context: PlanContext): PlanHazard[] {
  const declared = context.signingKey;
  if (declared === undefined) return [];
  const declaredKey = canonicalPublicKey(declared.publicKey);
  const variable = signingKeyVariable(plan);
  const planned = variable.recorded ? variable.publicKey : keyOf(presentedBy(pair.connection, "after", plan, pair.credentials.address));
  if (planned === declaredKey) return [];
  const signsWith =
    planned === undefined ? "no readable private key" : keyName(planned, acceptanceOf(pair.credentials, "after")).replace(/^key /, "the private half of key ");
  return [
    {
      address: pair.connection.address,
      kind: "locks users out",
      change: `update: TF_VAR_facade_client_signing_key holds ${signsWith}, and signingKey is ${JSON.stringify(declared.name)}${context.stageFile === undefined ? "" : ` in ${context.stageFile}`}`,
      loses: `the scripts sign with another key than the stage file says: once key ${JSON.stringify(declared.name)} is the only one registered, as the stage file allows, every login that needs a new facade token fails`,
      instead: [`Set TF_VAR_facade_client_signing_key to the private half of key ${JSON.stringify(declared.name)} and plan again.`],
    },
  ];
}

/** Every plan that leaves the scripts without a working credential at some moment. */
export function scriptsLockedOut(plan: TerraformPlan, changes: readonly ResourceChange[], context: PlanContext): PlanHazard[] {
  return scriptsCredentials(plan, changes).flatMap((pair) => {
    const lockout = lockoutHazard(plan, pair, context);
    const afterMethod = acceptanceOf(pair.credentials, "after").method;
    const declared = afterMethod === "private_key_jwt" ? signingKeyAsDeclared(plan, pair, context) : [];
    // A lockout's own advice covers a plan made with the wrong key: one refusal, not two.
    return lockout.length > 0 ? lockout : declared;
  });
}
