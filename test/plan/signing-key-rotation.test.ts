import { describe, expect, it } from "vitest";
import { checkPlan, formatPlanCheck } from "../../lib/plan/plan-check";
import { planHazards } from "../../lib/plan/plan-hazards";
import { KEYS, applied, contextFor, hazardsOf, pkjwt, planOf } from "../support/credential-stages";

const CONNECTION = "auth0_connection.CustomDatabase_Connection_F257C256";
const CREDENTIALS = "auth0_client_credentials.FacadeClient_Credentials_D1E82999";

describe("plan-check and the private_key_jwt signing key", () => {
  it("passes each of the three applies of the documented rotation: register the new key, sign with it, retire the old one", () => {
    const steps = [pkjwt(["a"], "a"), pkjwt(["a", "b"], "a"), pkjwt(["a", "b"], "b"), pkjwt(["b"], "b")];
    let state = applied(steps[0]);
    for (const step of steps.slice(1)) {
      expect(hazardsOf(state, step)).toEqual([]);
      state = applied(step, state);
    }
  });

  it("refuses unregistering the key the scripts still sign with: [a, b] to [b] with TF_VAR_facade_client_signing_key still a", () => {
    const state = applied(pkjwt(["a", "b"], "a"));
    const [hazard, ...others] = hazardsOf(state, pkjwt(["b"], "b", "a"));
    expect(others).toEqual([]);
    expect(hazard).toMatchObject({ address: CREDENTIALS, kind: "outage" });
    expect(hazard.change).toBe('update: key "a" is unregistered while the scripts still sign with it');
    expect(hazard.loses).toBe(
      "once the client's credentials change: containers still on the old configuration get no token (they sign with a key the client does not have registered), so every login that needs a new facade token fails",
    );
    expect(hazard.instead[0]).toMatch(/^Keep key "a" in clientAuthentication.keys until the scripts sign with another/);
  });

  it("refuses [a] to [b] while the scripts sign with a, and the step-2 shortcut of switching to b as it is registered", () => {
    const state = applied(pkjwt(["a"], "a"));
    expect(hazardsOf(state, pkjwt(["b"], "b", "a"))).toEqual([
      expect.objectContaining({ address: CREDENTIALS, change: 'update: key "a" is unregistered while the scripts still sign with it' }),
    ]);
    const [hazard] = hazardsOf(state, pkjwt(["b"], "b"));
    expect(hazard).toMatchObject({ address: CONNECTION, kind: "outage" });
    expect(hazard.change).toBe(
      'update: the scripts switch to key "b", which the client registers only in this apply, and key "a" is unregistered in the same apply',
    );
    expect(hazard.instead[0]).toMatch(/^Rotate in three applies/);
  });

  it("refuses registering and switching to a key in one apply, since Terraform may update the connection first", () => {
    const [hazard] = hazardsOf(applied(pkjwt(["a"], "a")), pkjwt(["a", "b"], "b"));
    expect(hazard.loses).toBe(
      "between the two updates: the connection configuration changed, the client's credentials not yet (Terraform may apply them in this order): containers with the new configuration get no token (they sign with a key the client does not have registered), so every login that needs a new facade token fails",
    );
  });

  it("refuses a plan made with a key other than the stage file's signingKey, though both are registered", () => {
    const [hazard] = hazardsOf(applied(pkjwt(["a", "b"], "a")), pkjwt(["a", "b"], "b", "a"));
    expect(hazard).toMatchObject({ address: CONNECTION, kind: "locks users out" });
    expect(hazard.change).toBe('update: TF_VAR_facade_client_signing_key holds the private half of key "a", and signingKey is "b" in config/dev.json');
    expect(hazard.instead).toEqual(['Set TF_VAR_facade_client_signing_key to the private half of key "b" and plan again.']);
  });

  it("refuses signing with a key the client never registers, for good", () => {
    const [hazard] = hazardsOf(applied(pkjwt(["a"], "a")), pkjwt(["a"], "a", "c"));
    expect(hazard).toMatchObject({ address: CONNECTION, kind: "locks users out" });
    expect(hazard.loses).toMatch(/^during and after the apply, .*: containers with the new configuration get no token .*, until another apply fixes it$/);
  });
});

describe("plan-check and the authentication method", () => {
  it("refuses private_key_jwt back to the client secret in one apply: the keys go before the connection holds the secret", () => {
    const [hazard] = hazardsOf(applied(pkjwt(["a"], "a")), { method: "client-secret" });
    expect(hazard).toMatchObject({ address: CONNECTION, kind: "outage" });
    expect(hazard.change).toBe("update: the client's authentication method changes from private_key_jwt to client_secret_post");
    expect(hazard.loses).toMatch(
      /^between the two updates: the client's credentials changed, the connection configuration not yet: containers still on the old configuration get no token \(they sign a client assertion, and the client accepts only client_secret_post\)/,
    );
    expect(hazard.instead[1]).toMatch(/^Stay on private-key-jwt/);
  });

  it("refuses it for good when the provider plans the connection's secret empty", () => {
    const plan = planOf(applied(pkjwt(["a"], "a")), { method: "client-secret" });
    const connection = plan.resource_changes!.find((change) => change.address === CONNECTION)!;
    (connection.change.after as any).options[0].configuration.CLIENT_SECRET = "";
    const [hazard] = planHazards(plan, contextFor({ method: "client-secret" }));
    expect(hazard.loses).toMatch(/containers with the new configuration get no token \(CLIENT_SECRET is empty and there is no CLIENT_ASSERTION_KEY\)/);
  });

  it("refuses the switch from the client secret, which has no overlap, unless waived", () => {
    const plan = planOf(applied({ method: "client-secret" }), pkjwt(["a"], "a"));
    const result = checkPlan(plan, contextFor(pkjwt(["a"], "a")), []);
    expect(result.hazards.map((entry) => entry.hazard.change)).toEqual([
      "update: the client's authentication method changes from client_secret_post to private_key_jwt",
    ]);
    const waived = checkPlan(plan, contextFor(pkjwt(["a"], "a")), [{ address: CONNECTION, reason: "one switch at 03:00", source: "--waive" }]);
    expect(formatPlanCheck(waived, { file: "plan.json", terraformVersion: "1.11.4", constructPaths: {} }).at(-1)).toBe("plan-check: passes, with 1 waived");
  });

  it("refuses rotating the client secret, which opens a window, and names the way without one", () => {
    const [hazard] = hazardsOf(applied({ method: "client-secret" }), { method: "client-secret", newSecret: "n".repeat(48) });
    expect(hazard).toMatchObject({ address: CONNECTION, kind: "outage", change: "update: the client's secret changes" });
    expect(hazard.loses).toMatch(/they send a secret the client no longer holds/);
    expect(hazard.instead[0]).toMatch(/Move to private-key-jwt, whose keys overlap/);
  });

  it("passes a plan that changes nothing about the credentials, and the first apply of a new stage", () => {
    const declared = { method: "client-secret" } as const;
    expect(hazardsOf(undefined, declared)).toEqual([]);
    expect(hazardsOf(applied(declared), declared)).toEqual([]);
    expect(hazardsOf(undefined, pkjwt(["a"], "a"))).toEqual([]);
  });
});

describe("what plan-check says to do instead", () => {
  it("names the one switch with a window when the method goes to private_key_jwt, and the waiver", () => {
    const [hazard] = hazardsOf(applied({ method: "client-secret" }), pkjwt(["a"], "a"));
    expect(hazard.instead).toEqual([
      "A client accepts one authentication method at a time, so no sequence switches it without a window.",
      "Switch once, at a quiet hour, with a waiver; from then on rotate keys without a window.",
      `If the window is accepted, apply at a quiet hour with a waiver for ${CREDENTIALS} (see below).`,
    ]);
  });

  it("names the step-2 fix when the old key goes while the scripts still sign with it", () => {
    const [hazard] = hazardsOf(applied(pkjwt(["a", "b"], "a")), pkjwt(["b"], "b", "a"));
    expect(hazard.instead).toEqual([
      'Keep key "a" in clientAuthentication.keys until the scripts sign with another: first set signingKey and TF_VAR_facade_client_signing_key to a registered key and apply (step 2 of docs/credential-rotation.md); then remove it (config/dev.json).',
      "If TF_VAR_facade_client_signing_key still holds the old private key, set it to the new one and plan again.",
    ]);
  });

  it("names the three applies, with the stage file, when a key is switched to as it is registered", () => {
    const [hazard] = hazardsOf(applied(pkjwt(["a"], "a")), pkjwt(["b"], "b"));
    expect(hazard.instead).toEqual([
      "Rotate in three applies (docs/credential-rotation.md): 1. add the new key to clientAuthentication.keys, keeping signingKey; 2. set signingKey and TF_VAR_facade_client_signing_key to it; 3. remove the old key (config/dev.json).",
    ]);
  });

  it("names the missing permission when the provider reads the client secret empty, and the configuration otherwise", () => {
    const plan = planOf(applied({ method: "client-secret" }), { method: "client-secret" });
    const connection = plan.resource_changes!.find((change) => change.address === CONNECTION)!;
    const configuration = (connection.change.after as any).options[0].configuration;
    configuration.CLIENT_SECRET = "";
    connection.change.actions = ["update"];
    const [empty] = planHazards(plan, contextFor({ method: "client-secret" }));
    expect(empty).toMatchObject({
      address: CONNECTION,
      kind: "locks users out",
      change: "update: the new connection configuration gives the scripts no credential (CLIENT_SECRET is empty and there is no CLIENT_ASSERTION_KEY)",
      instead: ["The provider read an empty client secret: give the deployment application read:client_keys (docs/real-tenant.md), refresh, and plan again."],
    });
    configuration.CLIENT_SECRET = "s";
    configuration.CLIENT_ASSERTION_KEY = KEYS.a.privateKey;
    const [both] = planHazards(plan, contextFor({ method: "client-secret" }));
    expect(both.instead).toEqual(["Fix the configuration the stack declares for the connection (npm run synth, npm run review), and plan again."]);
  });

  it("names the window of a secret rotation and the waiver", () => {
    const [hazard] = hazardsOf(applied({ method: "client-secret" }), { method: "client-secret", newSecret: "n".repeat(48) });
    expect(hazard.instead[1]).toBe(`If the window is accepted, apply at a quiet hour with a waiver for ${CREDENTIALS} (see below).`);
    expect(hazard.loses).toBe(
      "between the two updates: the client's credentials changed, the connection configuration not yet: containers still on the old configuration get no token (they send a secret the client no longer holds), so every login that needs a new facade token fails",
    );
  });

  it("is a finding, with a general instruction, when a registered key cannot be read", () => {
    const plan = planOf(applied(pkjwt(["a"], "a")), pkjwt(["a", "b"], "a"));
    const credentials = plan.resource_changes!.find((change) => change.address === CREDENTIALS)!;
    (credentials.change.after as any).private_key_jwt[0].credentials[1].pem = "not a key";
    const [hazard] = planHazards(plan, contextFor(pkjwt(["a", "b"], "a")));
    expect(hazard).toMatchObject({
      address: CREDENTIALS,
      kind: "unreadable",
      change: "update: the client's credentials change",
      loses:
        "the plan gate cannot tell whether the scripts still get facade tokens once the client's credentials change: containers still on the old configuration get no token (the client's credentials cannot be read: a registered key is unknown until apply or not a PEM public key)",
      instead: ["Change the credentials in steps that keep the scripts' credential accepted throughout (docs/credential-rotation.md)."],
    });
  });

  it("holds a plan that changes nothing to the stage file's key: a key no longer declared, or none readable", () => {
    const unregistered = { ...pkjwt(["a"], "a"), variable: "c" as const };
    const [hazard] = planHazards(planOf(applied(unregistered), unregistered), contextFor(unregistered));
    expect(hazard.change).toBe('update: TF_VAR_facade_client_signing_key holds a key the client has not registered, and signingKey is "a" in config/dev.json');
    const plan = planOf(applied(pkjwt(["a"], "a")), pkjwt(["a"], "a"));
    (plan.variables as Record<string, { value: unknown }>).facade_client_signing_key = { value: "junk" };
    const [junk] = planHazards(plan, contextFor(pkjwt(["a"], "a")));
    expect(junk.change).toBe('update: TF_VAR_facade_client_signing_key holds no readable private key, and signingKey is "a" in config/dev.json');
    expect(planHazards(plan, { stackDir: "cdktf.out/stacks/dev" })).toEqual([]);
  });
});

describe("plan-check's words for the less common plans", () => {
  it("names the rotation when the old key goes and a key registered before takes over in one apply", () => {
    const [hazard] = hazardsOf(applied(pkjwt(["a", "b"], "a")), pkjwt(["b"], "b"));
    expect(hazard.change).toBe('update: the scripts switch to key "b", and key "a" is unregistered in the same apply');
  });

  it("says 'the stage file' when plan-check does not know which, and reads the key from the configuration when the plan records no variable", () => {
    const plan = planOf(applied(pkjwt(["a"], "a")), pkjwt(["b"], "b"));
    const [hazard] = planHazards(plan, { stackDir: "cdktf.out/stacks/dev" });
    expect(hazard.instead[0]).toMatch(/3\. remove the old key \(the stage file\)\.$/);
    const unrecorded = planOf(applied(pkjwt(["a", "b"], "a")), pkjwt(["a", "b"], "b", "a"));
    delete (unrecorded as { variables?: unknown }).variables;
    expect(planHazards(unrecorded, contextFor(pkjwt(["a", "b"], "b")))[0].change).toBe(
      'update: TF_VAR_facade_client_signing_key holds the private half of key "a", and signingKey is "b" in config/dev.json',
    );
  });

  it("does not hold a client-secret plan to a signing key", () => {
    expect(hazardsOf(applied({ method: "client-secret" }), { method: "client-secret" })).toEqual([]);
    const plan = planOf(applied({ method: "client-secret" }), { method: "client-secret" });
    expect(planHazards(plan, { ...contextFor(pkjwt(["a"], "a")), stageFile: "config/dev.json" })).toEqual([]);
  });
});
