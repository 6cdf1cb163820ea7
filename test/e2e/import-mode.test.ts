import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ImportModeConnection } from "../support/import-mode-connection";
import { LocalTenant } from "../support/local-tenant";
import { synthesizeExamples } from "../support/synthesized-examples";

describe("import mode (lazy migration), with the dev example's synthesized scripts", () => {
  let tenant: LocalTenant;
  let connection: ImportModeConnection;

  beforeAll(async () => {
    tenant = await LocalTenant.start(synthesizeExamples().stacks.dev);
    await tenant.store.add({ email: "ada@example.com", password: "correct horse battery staple", email_verified: true });
    connection = new ImportModeConnection(tenant.container("login"), tenant.container("get_user"));
  });
  afterAll(() => tenant.close());

  it("migrates a user at the first login, through the facade", async () => {
    expect(await connection.authenticate("ada@example.com", "correct horse battery staple")).toBe("migrated");
    expect(tenant.facade.stats.byOperation.authenticate).toBe(1);
  });

  it("never calls the facade's login again for a migrated user: Auth0 owns the user", async () => {
    expect(await connection.authenticate("ada@example.com", "correct horse battery staple")).toBe("auth0");
    expect(await connection.authenticate("ADA@example.com", "wrong guess")).toBe("wrong password");
    expect(tenant.facade.stats.byOperation.authenticate).toBe(1);
  });

  it("asks get_user only about users Auth0 does not hold yet", async () => {
    expect(await connection.exists("ada@example.com")).toBe(true);
    expect(tenant.facade.stats.byOperation.lookup ?? 0).toBe(0);
    expect(await connection.exists("nobody@example.com")).toBe(false);
    expect(tenant.facade.stats.byOperation.lookup).toBe(1);
  });

  it("does not migrate a user whose password is wrong", async () => {
    await tenant.store.add({ email: "grace@example.com", password: "the right passphrase" });
    expect(await connection.authenticate("grace@example.com", "not it")).toBe("wrong password");
    expect(await connection.authenticate("grace@example.com", "the right passphrase")).toBe("migrated");
  });
});
