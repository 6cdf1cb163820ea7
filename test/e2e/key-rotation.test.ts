import { createPrivateKey, generateKeyPairSync } from "node:crypto";
import { SignJWT } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { loadStages } from "../../lib/config/load-stages";
import type { SynthesizedStack } from "../../lib/synthesized/synthesized-stack";
import type { ScriptContainer } from "../support/auth0-sandbox";
import { httpsJson } from "../support/https-json";
import { LocalTenant, registeredPublicKeys } from "../support/local-tenant";
import { configFolder, exampleStage } from "../support/stage-files";
import { synthesizeExamples } from "../support/synthesized-examples";

const ADA = { email: "ada@example.com", password: "correct horse battery staple" };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function keyPair(): { publicKey: string; privateKey: string } {
  return generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
}

const KEY_A = keyPair();
const KEY_B = keyPair();

/** The dev stack with private_key_jwt: these keys registered, `signing` the one the scripts sign with. */
function stackWith(keys: Record<string, { publicKey: string }>, signing: string): SynthesizedStack {
  const stage = exampleStage("dev");
  stage.clientAuthentication = {
    method: "private-key-jwt",
    keys: Object.entries(keys).map(([name, key]) => ({ name, publicKey: key.publicKey })),
    signingKey: signing,
  };
  return synthesizeExamples(loadStages(configFolder({ "dev.json": stage }))).stacks.dev;
}

let tenant: LocalTenant | undefined;
afterEach(async () => {
  await tenant?.close();
  tenant = undefined;
});

async function startTenant(stack: SynthesizedStack, signingKey: string, tokenLifetimeSeconds = 600): Promise<LocalTenant> {
  tenant = await LocalTenant.start(stack, { signingKey, tokenLifetimeSeconds });
  await tenant.store.add(ADA);
  return tenant;
}

/** Keeps `containers` logging Ada in, two in flight each, until `stop`; counts every login and every failure. */
function steadyLoad(containers: readonly ScriptContainer[]) {
  const counts = { logins: 0, failures: 0, errors: [] as string[] };
  let running = true;
  const loop = async (container: ScriptContainer) => {
    while (running) {
      const { error } = await container.call(ADA.email, ADA.password);
      counts.logins++;
      if (error) {
        counts.failures++;
        if (counts.errors.length < 3) counts.errors.push(error.message);
      }
    }
  };
  const done = Promise.all(containers.flatMap((container) => [loop(container), loop(container)]));
  return {
    counts,
    stop: async () => {
      running = false;
      await done;
      return counts;
    },
  };
}

/** What an apply of `stack` changes in the tenant: the keys the M2M client accepts. */
function applyClientKeys(tenant: LocalTenant, stack: SynthesizedStack): void {
  tenant.m2m.publicKeys = registeredPublicKeys(stack.ofType("auth0_client_credentials")[0]);
}

/** What an apply of a new signing key changes: the connection configuration, reaching each warm container a little later than the last. */
async function applySigningKey(tenant: LocalTenant, containers: readonly ScriptContainer[], privateKey: string, lagMs: number): Promise<void> {
  for (const container of containers) {
    container.reconfigure({ ...tenant.configuration, CLIENT_ASSERTION_KEY: privateKey });
    await sleep(lagMs);
  }
}

describe("the scripts authenticate with private_key_jwt", () => {
  it("log in with a signed client assertion, and report a key Auth0 does not accept as an outage, never as a wrong password", async () => {
    const local = await startTenant(stackWith({ "key-a": KEY_A }, "key-a"), KEY_A.privateKey);
    expect(local.configuration.CLIENT_SECRET).toBe("");
    const { error, results } = await local.container("login").call(ADA.email, ADA.password);
    expect(error).toBeNull();
    expect(results[0]).toMatchObject({ email: ADA.email });

    const wrong = local.container("login", { ...local.configuration, CLIENT_ASSERTION_KEY: KEY_B.privateKey });
    const refused = await wrong.call(ADA.email, ADA.password);
    expect(refused.error?.constructor.name).toBe("Error");
    expect(refused.error?.message).toMatch(/token endpoint answered 401/);
    expect(local.tokenEndpoint.stats.assertionsRefused).toBeGreaterThan(0);
  });

  it("gets a new token with a new assertion each time one nears expiry, and the token endpoint refuses a replayed or overlong assertion, as Auth0 does", async () => {
    const local = await startTenant(stackWith({ "key-a": KEY_A }, "key-a"), KEY_A.privateKey, 2);
    const login = local.container("login");
    for (let i = 0; i < 3; i++) {
      expect((await login.call(ADA.email, ADA.password)).error).toBeNull();
      await sleep(1600);
    }
    expect(local.tokenEndpoint.stats.issued).toBeGreaterThanOrEqual(3);
    expect(local.tokenEndpoint.stats.assertionsRefused).toBe(0);

    const base = new URL(local.tokenEndpoint.tokenUrl).origin;
    const assertion = (lifetimeSeconds: number, jti: string) =>
      new SignJWT({ jti })
        .setProtectedHeader({ alg: "RS256" })
        .setIssuer(local.m2m.clientId)
        .setSubject(local.m2m.clientId)
        .setAudience(`${base}/`)
        .setIssuedAt()
        .setExpirationTime(`${lifetimeSeconds}s`)
        .sign(createPrivateKey(KEY_A.privateKey));
    const ask = async (clientAssertion: string) =>
      (
        await httpsJson(local.tokenEndpoint.tokenUrl, {
          body: {
            grant_type: "client_credentials",
            client_id: local.m2m.clientId,
            client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            client_assertion: clientAssertion,
            audience: local.audience,
          },
        })
      ).status;
    const once = await assertion(60, "jti-once");
    expect(await ask(once)).toBe(200);
    expect(await ask(once)).toBe(401);
    expect(await ask(await assertion(3600, "jti-long"))).toBe(401);
  }, 20_000);
});

describe("rotating the signing key under a steady login load", () => {
  // Tokens of two seconds: every container fetches a new token, signing a new assertion, many times during each step.
  const TOKEN_SECONDS = 2;
  const STEP_MS = 2500;

  it("fails no login when done in three applies: register the new key, sign with it, retire the old one", async () => {
    const local = await startTenant(stackWith({ "key-a": KEY_A }, "key-a"), KEY_A.privateKey, TOKEN_SECONDS);
    const containers = [0, 1, 2, 3].map(() => local.container("login"));
    const load = steadyLoad(containers);
    await sleep(STEP_MS);
    applyClientKeys(local, stackWith({ "key-a": KEY_A, "key-b": KEY_B }, "key-a"));
    await sleep(STEP_MS);
    await applySigningKey(local, containers, KEY_B.privateKey, 400);
    await sleep(STEP_MS);
    applyClientKeys(local, stackWith({ "key-b": KEY_B }, "key-b"));
    await sleep(STEP_MS);
    const counts = await load.stop();
    expect(counts.errors).toEqual([]);
    expect(counts.failures).toBe(0);
    expect(counts.logins).toBeGreaterThan(200);
    // Tokens were fetched throughout: with each key, and after the old one was gone.
    expect(local.tokenEndpoint.stats.issued).toBeGreaterThan(4 * 4);
  }, 60_000);

  it("fails logins when the key is switched in one apply (what plan-check refuses): containers still signing with the old key are turned away", async () => {
    const local = await startTenant(stackWith({ "key-a": KEY_A }, "key-a"), KEY_A.privateKey, TOKEN_SECONDS);
    const containers = [0, 1, 2, 3].map(() => local.container("login"));
    const load = steadyLoad(containers);
    await sleep(STEP_MS);
    applyClientKeys(local, stackWith({ "key-b": KEY_B }, "key-b"));
    await applySigningKey(local, containers, KEY_B.privateKey, 600);
    await sleep(STEP_MS);
    const counts = await load.stop();
    expect(counts.failures).toBeGreaterThan(0);
    expect(counts.errors[0]).toMatch(/token endpoint answered 401/);
  }, 60_000);
});
