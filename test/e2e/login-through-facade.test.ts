import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalTenant } from "../support/local-tenant";
import { synthesizeExamples } from "../support/synthesized-examples";

describe("synthesized login script, run as Auth0 runs it, against a pinned self-signed facade", () => {
  let tenant: LocalTenant;

  beforeAll(async () => {
    const { stacks } = synthesizeExamples();
    tenant = await LocalTenant.start(stacks.dev);
    await tenant.store.add({ email: "ada@example.com", password: "correct horse battery staple", email_verified: true });
  });
  afterAll(() => tenant.close());

  it("logs a user in and returns the legacy profile", async () => {
    const login = tenant.container("login");
    const { error, results } = await login.call("ada@example.com", "correct horse battery staple");
    expect(error).toBeNull();
    expect(results[0]).toMatchObject({ email: "ada@example.com", email_verified: true, user_id: expect.any(String) });
    expect(results[0]).not.toHaveProperty("password_hash");
  });

  it("answers a wrong password with WrongUsernameOrPasswordError", async () => {
    const { error } = await tenant.container("login").call("ada@example.com", "Tr0ub4dor&3");
    expect(error?.name).toBe("WrongUsernameOrPasswordError");
  });

  it("answers an unknown email the same way as a wrong password", async () => {
    const { error } = await tenant.container("login").call("nobody@example.com", "whatever");
    expect(error?.name).toBe("WrongUsernameOrPasswordError");
  });

  it("reports a facade outage as a plain Error, never as wrong credentials", async () => {
    const down = { ...tenant.configuration, FACADE_URL: "https://127.0.0.1:9" };
    const { error } = await tenant.container("login", down).call("ada@example.com", "correct horse battery staple");
    expect(error?.constructor.name).toBe("Error");
    expect(error?.message).toMatch(/POST \/users\/authenticate failed/);
  });
});
