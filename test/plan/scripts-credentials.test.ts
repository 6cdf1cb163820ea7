import { describe, expect, it } from "vitest";
import {
  type Acceptance,
  acceptanceOf,
  appliedAfter,
  lockouts,
  momentsOf,
  presentedBy,
  canonicalPublicKey,
  scriptsCredentials,
  signingKeyVariable,
  verdict,
} from "../../lib/plan/scripts-credentials";
import type { ResourceChange, TerraformPlan } from "../../lib/plan/terraform-plan";
import { KEYS } from "../support/credential-stages";

/** Resource changes as `terraform show -json` prints them, cut to what the model reads. */
const CLIENT_ID = "abcdefghijklmnopqrstuvwxyz012345";
const CREDENTIALS = "auth0_client_credentials.scripts";
const CONNECTION = "auth0_connection.users";

function credentials(before: object | null, after: object | null, afterUnknown: object = {}, actions = ["update"]): ResourceChange {
  return {
    address: CREDENTIALS,
    mode: "managed",
    type: "auth0_client_credentials",
    name: "scripts",
    change: { actions, before, after, after_unknown: afterUnknown },
  };
}

function connection(before: object | null, after: object | null, afterUnknown: object = {}, actions = ["update"]): ResourceChange {
  const options = (configuration: object | undefined) => ({ options: configuration === undefined ? [] : [{ configuration }] });
  return {
    address: CONNECTION,
    mode: "managed",
    type: "auth0_connection",
    name: "users",
    change: {
      actions,
      before: before === null ? null : options(before as object),
      after: after === null ? null : options(after as object),
      after_unknown: afterUnknown,
    },
  };
}

const secretClient = (secret: string) => ({ client_id: CLIENT_ID, authentication_method: "client_secret_post", client_secret: secret, private_key_jwt: [] });
const keyClient = (...pems: string[]) => ({
  client_id: CLIENT_ID,
  authentication_method: "private_key_jwt",
  client_secret: "",
  private_key_jwt: [{ credentials: pems.map((pem, index) => ({ name: `k${index}`, pem })) }],
});
const secretConfig = (secret: string) => ({ CLIENT_ID, CLIENT_SECRET: secret, CLIENT_ASSERTION_KEY: "" });
const keyConfig = (pem: string) => ({ CLIENT_ID, CLIENT_SECRET: "", CLIENT_ASSERTION_KEY: pem });

function plan(changes: ResourceChange[], references: Record<string, string[]> = {}, variables?: Record<string, { value: unknown }>): TerraformPlan {
  return {
    format_version: "1.2",
    terraform_version: "1.11.4",
    resource_changes: changes,
    ...(variables === undefined ? {} : { variables }),
    configuration: {
      root_module: {
        resources: Object.entries(references).map(([address, refs]) => ({ address, expressions: { options: [{ configuration: { references: refs } }] } })),
      },
    },
  } as TerraformPlan;
}

const A = canonicalPublicKey(KEYS.a.publicKey)!;
const B = canonicalPublicKey(KEYS.b.publicKey)!;
const accepting = (over: Partial<Acceptance>): Acceptance => ({
  method: "private_key_jwt",
  secret: { kind: "none", why: "no secret" },
  keys: [A],
  keyNames: {},
  ...over,
});

describe("what the scripts' client accepts", () => {
  it("reads the method, the secret and the registered keys by name", () => {
    const change = credentials(secretClient("s1"), keyClient(KEYS.a.publicKey, KEYS.b.publicKey));
    expect(acceptanceOf(change, "before")).toEqual({ method: "client_secret_post", secret: { kind: "secret", secret: "s1" }, keys: [], keyNames: {} });
    expect(acceptanceOf(change, "after")).toEqual({
      method: "private_key_jwt",
      secret: { kind: "none", why: "no secret" },
      keys: [A, B],
      keyNames: { [A]: "k0", [B]: "k1" },
    });
  });

  it("cannot read credentials that do not exist, a method or keys known only after apply, or a key that is no PEM", () => {
    expect(acceptanceOf(credentials(null, secretClient("s")), "before").unreadable).toBe("the credentials do not exist");
    expect(acceptanceOf(credentials(null, { client_id: CLIENT_ID }, { authentication_method: true }), "after").unreadable).toBe(
      "its authentication_method is known only after apply",
    );
    expect(acceptanceOf(credentials(null, { client_id: CLIENT_ID }), "after").unreadable).toBe("it has no authentication_method");
    expect(acceptanceOf(credentials(null, keyClient("not a key")), "after").unreadable).toBe("a registered key is unknown until apply or not a PEM public key");
    expect(acceptanceOf(credentials(null, keyClient(KEYS.a.publicKey), { private_key_jwt: true }), "after").unreadable).toBe(
      "a registered key is unknown until apply or not a PEM public key",
    );
    expect(acceptanceOf(credentials(null, secretClient(""), { client_secret: true }), "after").secret).toEqual({ kind: "secret-of", address: CREDENTIALS });
  });
});

describe("what the scripts present", () => {
  const empty = plan([]);
  it("reads CLIENT_SECRET, or the public half of CLIENT_ASSERTION_KEY", () => {
    expect(presentedBy(connection(secretConfig(" s1 "), null), "before", empty)).toEqual({ kind: "secret", secret: "s1" });
    expect(presentedBy(connection(null, keyConfig(KEYS.a.privateKey)), "after", empty)).toEqual({ kind: "key", publicKey: A });
  });

  it("presents nothing usable with both, neither, or a key that is no private key", () => {
    expect(presentedBy(connection(null, { CLIENT_ID, CLIENT_SECRET: "s", CLIENT_ASSERTION_KEY: KEYS.a.privateKey }), "after", empty)).toEqual({
      kind: "none",
      why: "CLIENT_SECRET and CLIENT_ASSERTION_KEY are both set (the scripts refuse)",
    });
    expect(presentedBy(connection(null, secretConfig("")), "after", empty)).toEqual({
      kind: "none",
      why: "CLIENT_SECRET is empty and there is no CLIENT_ASSERTION_KEY",
    });
    expect(presentedBy(connection(null, keyConfig(KEYS.a.publicKey)), "after", empty)).toEqual({
      kind: "none",
      why: "CLIENT_ASSERTION_KEY is not a PEM private key",
    });
    expect(presentedBy(connection(null, undefined as unknown as object), "after", empty)).toEqual({ kind: "none", why: "the connection has no configuration" });
  });

  it("takes an imported connection, whose configuration the state never holds, as presenting what the client accepted", () => {
    expect(presentedBy(connection({}, null), "before", empty)).toEqual({ kind: "as-before" });
  });

  it("follows a secret known only after apply to the credentials the configuration reads it from, and nowhere else", () => {
    const unknownSecret = { options: [{ configuration: { CLIENT_SECRET: true } }] };
    const change = connection(null, { CLIENT_ID, CLIENT_ASSERTION_KEY: "" }, unknownSecret);
    const reading = plan([], { [CONNECTION]: [`${CREDENTIALS}.client_secret`, CREDENTIALS] });
    expect(presentedBy(change, "after", reading, CREDENTIALS)).toEqual({ kind: "secret-of", address: CREDENTIALS });
    expect(presentedBy(change, "after", empty, CREDENTIALS)).toEqual({
      kind: "unknown",
      why: "CLIENT_SECRET is known only after apply, and not read from the client's credentials",
    });
    const withKey = connection(null, { CLIENT_ID, CLIENT_ASSERTION_KEY: KEYS.a.privateKey }, unknownSecret);
    expect(presentedBy(withKey, "after", reading, CREDENTIALS)).toMatchObject({ kind: "none" });
    expect(presentedBy(connection(null, {}, { options: [{ configuration: true }] }), "after", empty)).toEqual({
      kind: "unknown",
      why: "the connection configuration is known only after apply",
    });
    expect(presentedBy(connection(null, { CLIENT_ID }, { options: [{ configuration: { CLIENT_ASSERTION_KEY: true } }] }), "after", empty)).toEqual({
      kind: "unknown",
      why: "CLIENT_ASSERTION_KEY is known only after apply",
    });
  });
});

describe("whether a credential gets a token", () => {
  const keys = accepting({});
  const secret = accepting({ method: "client_secret_post", secret: { kind: "secret", secret: "s1" }, keys: [] });
  it("gets one with a registered key, or the client's secret sent in the body", () => {
    expect(verdict({ kind: "key", publicKey: A }, keys, keys)).toBeUndefined();
    expect(verdict({ kind: "secret", secret: "s1" }, secret, secret)).toBeUndefined();
    expect(verdict({ kind: "secret-of", address: CREDENTIALS }, { ...secret, secret: { kind: "secret-of", address: CREDENTIALS } }, secret)).toBeUndefined();
  });

  it("is refused with an unregistered key, the wrong method, another secret, or nothing", () => {
    expect(verdict({ kind: "key", publicKey: B }, keys, keys)).toEqual({ refused: "they sign with a key the client does not have registered" });
    expect(verdict({ kind: "key", publicKey: A }, secret, secret)).toEqual({
      refused: "they sign a client assertion, and the client accepts only client_secret_post",
    });
    expect(verdict({ kind: "secret", secret: "s1" }, keys, keys)).toEqual({
      refused: "they send the client secret, and the client accepts only private_key_jwt",
    });
    expect(verdict({ kind: "secret", secret: "s1" }, { ...secret, method: "client_secret_basic" }, secret)).toEqual({
      refused: "they send the secret in the request body, and the client accepts only client_secret_basic",
    });
    expect(verdict({ kind: "secret", secret: "s2" }, secret, secret)).toEqual({ refused: "they send a secret the client no longer holds" });
    expect(verdict({ kind: "secret", secret: "s1" }, { ...secret, secret: { kind: "none", why: "no secret" } }, secret)).toEqual({
      refused: "they send a secret the client no longer holds",
    });
    expect(verdict({ kind: "none", why: "empty" }, secret, secret)).toEqual({ refused: "empty" });
  });

  it("is a finding, never a pass, where the plan cannot show it", () => {
    expect(verdict({ kind: "unknown", why: "later" }, secret, secret)).toEqual({ unreadable: "later" });
    expect(verdict({ kind: "key", publicKey: A }, { ...keys, unreadable: "odd" }, keys)).toEqual({
      unreadable: "the client's credentials cannot be read: odd",
    });
    expect(verdict({ kind: "secret", secret: "s1" }, { ...secret, secret: { kind: "secret-of", address: CREDENTIALS } }, secret)).toEqual({
      unreadable: "the secret they send is known only after apply",
    });
    expect(verdict({ kind: "secret-of", address: "other" }, { ...secret, secret: { kind: "secret-of", address: CREDENTIALS } }, secret)).toEqual({
      unreadable: "the secret they send is known only after apply",
    });
  });

  it("holds the scripts Auth0 runs now, unseen by the state, to what the client accepted before", () => {
    const asBefore = { kind: "as-before" } as const;
    expect(verdict(asBefore, keys, keys)).toBeUndefined();
    expect(verdict(asBefore, accepting({ keys: [A, B] }), keys)).toBeUndefined();
    expect(verdict(asBefore, accepting({ keys: [B] }), accepting({ keys: [A, B] }))).toEqual({
      refused: "a key the scripts Auth0 runs now may sign with is unregistered (the state does not show which one they use)",
    });
    expect(verdict(asBefore, secret, keys)).toEqual({
      refused: "the scripts Auth0 runs now authenticate with private_key_jwt, which the client no longer accepts",
    });
    expect(verdict(asBefore, secret, secret)).toBeUndefined();
    expect(verdict(asBefore, { ...secret, secret: { kind: "secret", secret: "s2" } }, secret)).toEqual({
      refused: "the client's secret changes under the scripts Auth0 runs now",
    });
    expect(verdict(asBefore, { ...secret, secret: { kind: "secret-of", address: CREDENTIALS } }, secret)).toEqual({
      unreadable: "the client's secret is known only after apply",
    });
    expect(verdict(asBefore, keys, { ...keys, unreadable: "odd" })).toEqual({ unreadable: "the client's credentials before the apply cannot be read: odd" });
  });
});

describe("the order of an apply", () => {
  it("follows references and depends_on, also through another resource", () => {
    const ordered = {
      format_version: "1.2",
      terraform_version: "1.11.4",
      configuration: {
        root_module: {
          resources: [
            { address: "a.one", expressions: { x: { references: ["b.two.id", "b.two"] } } },
            { address: "b.two", expressions: {}, depends_on: ["c.three"] },
            { address: "c.three", expressions: { y: [{ z: { references: ["a.one.id"] } }] } },
          ],
        },
      },
    } as unknown as TerraformPlan;
    expect(appliedAfter(ordered, "a.one", "b.two")).toBe(true);
    expect(appliedAfter(ordered, "a.one", "c.three")).toBe(true);
    expect(appliedAfter(ordered, "b.two", "a.one")).toBe(true);
    expect(appliedAfter(ordered, "b.two", "d.four")).toBe(false);
    expect(appliedAfter(plan([]), "a.one", "b.two")).toBe(false);
  });

  it("has no moment to judge when neither resource changes, one when only one does, three when both do in any order", () => {
    const still = connection(secretConfig("s1"), secretConfig("s1"), {}, ["no-op"]);
    const same = credentials(secretClient("s1"), secretClient("s1"), {}, ["no-op"]);
    expect(momentsOf(plan([still, same]), { connection: still, credentials: same })).toEqual([]);
    const moved = connection(keyConfig(KEYS.a.privateKey), keyConfig(KEYS.b.privateKey));
    expect(momentsOf(plan([moved, same]), { connection: moved, credentials: same }).map((moment) => moment.label)).toEqual([
      "during and after the apply, while the new connection configuration reaches the warm containers one by one",
    ]);
    const rekeyed = credentials(keyClient(KEYS.a.publicKey), keyClient(KEYS.b.publicKey));
    expect(momentsOf(plan([still, rekeyed]), { connection: still, credentials: rekeyed }).map((moment) => moment.label)).toEqual([
      "once the client's credentials change",
    ]);
    expect(momentsOf(plan([moved, rekeyed]), { connection: moved, credentials: rekeyed })).toHaveLength(3);
    const ordered = plan([moved, rekeyed], { [CONNECTION]: [CREDENTIALS] });
    expect(momentsOf(ordered, { connection: moved, credentials: rekeyed }).map((moment) => moment.label)).toEqual([
      "between the two updates: the client's credentials changed, the connection configuration not yet",
      "during and after the apply, while the new connection configuration reaches the warm containers one by one",
    ]);
    const reversed = plan([moved, rekeyed], { [CREDENTIALS]: [CONNECTION] });
    expect(momentsOf(reversed, { connection: moved, credentials: rekeyed })[0].label).toBe(
      "between the two updates: the connection configuration changed, the client's credentials not yet",
    );
    const created = credentials(null, keyClient(KEYS.b.publicKey), {}, ["create"]);
    expect(momentsOf(plan([moved, created]), { connection: moved, credentials: created })).toHaveLength(1);
  });

  it("does not blame the plan for a credential that already failed before it, and puts a lasting lockout first", () => {
    const broken = credentials(keyClient(KEYS.b.publicKey), keyClient(KEYS.b.publicKey), {}, ["no-op"]);
    const fixes = connection(keyConfig(KEYS.a.privateKey), keyConfig(KEYS.b.privateKey));
    expect(lockouts(plan([fixes, broken]), { connection: fixes, credentials: broken })).toEqual([]);
    const worse = connection(keyConfig(KEYS.b.privateKey), keyConfig(KEYS.c.privateKey));
    expect(lockouts(plan([worse, broken]), { connection: worse, credentials: broken })).toEqual([expect.objectContaining({ which: "new", forGood: true })]);
  });
});

describe("the scripts' connection and credentials", () => {
  it("pairs a connection with its client's credentials by client ID, or by reference while the ID is unknown", () => {
    const pair = [connection(secretConfig("s"), secretConfig("s")), credentials(secretClient("s"), secretClient("s"))];
    expect(scriptsCredentials(plan(pair), pair)).toHaveLength(1);
    const other = credentials({ ...secretClient("s"), client_id: "another" }, { ...secretClient("s"), client_id: "another" });
    expect(scriptsCredentials(plan([pair[0], other]), [pair[0], other])).toEqual([]);
    expect(scriptsCredentials(plan([pair[0], other], { [CONNECTION]: [`${CREDENTIALS}.client_secret`] }), [pair[0], other])).toHaveLength(1);
  });

  it("leaves out connections without a client, new connections, and credentials that are replaced", () => {
    const noClient = connection({ FACADE_URL: "x" }, { FACADE_URL: "x" });
    const fresh = connection(null, secretConfig("s"), {}, ["create"]);
    const replaced = credentials(secretClient("s"), secretClient("t"), {}, ["delete", "create"]);
    const kept = credentials(secretClient("s"), secretClient("s"));
    expect(scriptsCredentials(plan([]), [noClient, kept])).toEqual([]);
    expect(scriptsCredentials(plan([]), [fresh, kept])).toEqual([]);
    expect(scriptsCredentials(plan([]), [connection(secretConfig("s"), secretConfig("t")), replaced])).toEqual([]);
  });
});

describe("the signing key the plan was made with", () => {
  it("is read from the plan's variables, as terraform show -json records them", () => {
    expect(signingKeyVariable(plan([], {}, { facade_client_signing_key: { value: KEYS.a.privateKey } }))).toEqual({ recorded: true, publicKey: A });
    expect(signingKeyVariable(plan([], {}, { facade_client_signing_key: { value: "junk" } }))).toEqual({ recorded: true, publicKey: undefined });
    expect(signingKeyVariable(plan([], {}, { facade_client_signing_key: { value: null } }))).toEqual({ recorded: false });
    expect(signingKeyVariable(plan([]))).toEqual({ recorded: false });
  });
});

describe("reading the plan's edges", () => {
  it("trims the keys and secrets the configuration holds, and names a registered key without a name", () => {
    expect(presentedBy(connection(null, keyConfig(`\n${KEYS.a.privateKey}\n`)), "after", plan([]))).toEqual({ kind: "key", publicKey: A });
    const unnamed = credentials(null, { ...keyClient(KEYS.a.publicKey), private_key_jwt: [{ credentials: [{ pem: KEYS.a.publicKey }] }] });
    expect(acceptanceOf(unnamed, "after").keyNames).toEqual({ [A]: "(unnamed)" });
    expect(acceptanceOf(credentials(null, secretClient("")), "after").secret).toEqual({ kind: "none", why: "no secret" });
  });

  it("reads a whole options block known only after apply as an unknown configuration", () => {
    expect(presentedBy(connection(null, secretConfig("s"), { options: true }), "after", plan([]))).toEqual({
      kind: "unknown",
      why: "the connection configuration is known only after apply",
    });
    expect(presentedBy(connection(secretConfig("s"), null, { options: true }), "before", plan([]))).toEqual({ kind: "secret", secret: "s" });
  });

  it("leaves out a connection the plan deletes, and ignores depends_on entries that are not addresses", () => {
    const deleted = connection(secretConfig("s"), null, {}, ["delete"]);
    expect(scriptsCredentials(plan([]), [deleted, credentials(secretClient("s"), secretClient("s"))])).toEqual([]);
    const odd = {
      format_version: "1.2",
      terraform_version: "1.11.4",
      configuration: { root_module: { resources: [{ address: "a.one", depends_on: [42, "b.two"] }, { address: "b.two" }] } },
    } as unknown as TerraformPlan;
    expect(appliedAfter(odd, "a.one", "b.two")).toBe(true);
    expect(appliedAfter(odd, "b.two", "a.one")).toBe(false);
  });

  it("pairs by the client ID the connection held before, when the new one is known only after apply", () => {
    const change = connection(secretConfig("s"), { CLIENT_SECRET: "s" }, { options: [{ configuration: { CLIENT_ID: true } }] });
    const kept = credentials(secretClient("s"), secretClient("s"), {}, ["no-op"]);
    expect(scriptsCredentials(plan([change, kept]), [change, kept])).toEqual([{ connection: change, credentials: kept }]);
  });
});
