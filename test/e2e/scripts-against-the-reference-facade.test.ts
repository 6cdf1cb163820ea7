import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalTenant } from "../support/local-tenant";
import { legacyAuthenticationStage } from "../support/stage-variants";
import { synthesizeExamples } from "../support/synthesized-examples";

const ADA = { email: "ada@example.com", password: "correct horse battery staple" };

describe("every synthesized script, run as Auth0 runs it, against the reference facade", () => {
  let tenant: LocalTenant;

  beforeAll(async () => {
    const config = legacyAuthenticationStage();
    tenant = await LocalTenant.start(synthesizeExamples([config]).stacks.dev);
    await tenant.store.add({ ...ADA, email_verified: false });
  });
  afterAll(() => tenant.close());

  describe("login", () => {
    it("returns the legacy profile for the right password, without the password hash", async () => {
      const { error, results } = await tenant.container("login").call(ADA.email, ADA.password);
      expect(error).toBeNull();
      expect(results[0]).toEqual({ user_id: expect.any(String), email: ADA.email, email_verified: false });
    });

    it("answers a wrong password with WrongUsernameOrPasswordError naming the user, which Auth0 logs as fp (existing user)", async () => {
      const { error } = await tenant.container("login").call(ADA.email, "Tr0ub4dor&3");
      expect(error).toMatchObject({ name: "WrongUsernameOrPasswordError", emailOrUserId: ADA.email, message: "wrong email or password" });
    });

    it("ignores configuration keys it does not read, so a key retired from the stack (or added in the Dashboard) breaks no login", async () => {
      const login = tenant.container("login", { ...tenant.configuration, RETIRED_SETTING: "left behind by an older version" });
      expect((await login.call(ADA.email, ADA.password)).error).toBeNull();
    });

    it("answers an unknown email with the same message but no user, which Auth0 logs as fu (unknown user)", async () => {
      const { error } = await tenant.container("login").call("nobody@example.com", "whatever");
      expect(error).toMatchObject({ name: "WrongUsernameOrPasswordError", emailOrUserId: undefined, message: "wrong email or password" });
    });
  });

  describe("get_user", () => {
    it("returns the profile of a known email, case-insensitively", async () => {
      const { error, results } = await tenant.container("get_user").call("ADA@example.com");
      expect(error).toBeNull();
      expect(results[0]).toMatchObject({ email: ADA.email });
    });

    it("returns no profile, and no error, for an unknown email", async () => {
      expect(await tenant.container("get_user").call("nobody@example.com")).toMatchObject({ error: null, results: [] });
    });
  });

  describe("create", () => {
    it("writes a sign-up to the legacy store, which can then log in", async () => {
      const user = { email: "grace@example.com", password: "a long enough passphrase", username: "grace", user_metadata: { plan: "free" } };
      expect(await tenant.container("create").call(user)).toMatchObject({ error: null, results: [] });
      const { error, results } = await tenant.container("login").call(user.email, user.password);
      expect(error).toBeNull();
      expect(results[0]).toMatchObject({ email: user.email, username: "grace", user_metadata: { plan: "free" } });
    });

    it("answers an existing email with ValidationError user_exists", async () => {
      const { error } = await tenant.container("create").call({ email: ADA.email, password: "another passphrase" });
      expect(error).toMatchObject({ name: "ValidationError", code: "user_exists", message: "the user already exists" });
    });
  });

  describe("verify", () => {
    it("marks the email verified and answers true", async () => {
      expect((await tenant.container("verify").call(ADA.email)).results).toEqual([true]);
      expect(tenant.store.find(ADA.email)?.email_verified).toBe(true);
    });

    it("answers false for an unknown email", async () => {
      expect(await tenant.container("verify").call("nobody@example.com")).toMatchObject({ error: null, results: [false] });
    });
  });

  describe("change_password", () => {
    it("changes the password: the new one logs in, the old one no longer does", async () => {
      const user = { email: "alan@example.com", password: "first passphrase here" };
      await tenant.store.add(user);
      expect((await tenant.container("change_password").call(user.email, "second passphrase here")).results).toEqual([true]);
      expect((await tenant.container("login").call(user.email, "second passphrase here")).error).toBeNull();
      expect((await tenant.container("login").call(user.email, user.password)).error?.name).toBe("WrongUsernameOrPasswordError");
    });

    it("answers false for an unknown email", async () => {
      expect(await tenant.container("change_password").call("nobody@example.com", "x passphrase")).toMatchObject({ error: null, results: [false] });
    });
  });

  describe("delete", () => {
    it("removes the user from the legacy store, and is done when already absent", async () => {
      const profile = await tenant.store.add({ email: "edsger@example.com", password: "goto considered harmful" });
      if (profile === "exists") throw new Error("fixture user exists");
      expect(await tenant.container("delete").call(profile.user_id)).toMatchObject({ error: null, results: [] });
      expect(tenant.store.find("edsger@example.com")).toBeUndefined();
      expect(await tenant.container("delete").call(profile.user_id)).toMatchObject({ error: null, results: [] });
    });
  });

  it("asked the facade only for operations the stage's grant allows", () => {
    expect(Object.keys(tenant.facade.stats.byOperation).sort()).toEqual(["authenticate", "changePassword", "create", "lookup", "remove", "verifyEmail"]);
  });
});
