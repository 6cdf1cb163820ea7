import { describe, expect, it } from "vitest";
import { userProfile } from "../../scripts/shared/profile";
import { runScript } from "../../scripts/shared/run-script";

const PROFILE = { user_id: "u-1", email: "ada@example.com", email_verified: true };

describe("the facade profile check", () => {
  it("passes a complete profile through, extra fields included", () => {
    expect(userProfile({ ...PROFILE, name: "Ada" })).toEqual({ ...PROFILE, name: "Ada" });
    expect(userProfile({ ...PROFILE, email_verified: false }).email_verified).toBe(false);
  });

  it.each([
    ["nothing", undefined],
    ["null", null],
    ["a string", "u-1"],
    ["no user_id", { email: "ada@example.com", email_verified: true }],
    ["an empty user_id", { ...PROFILE, user_id: "" }],
    ["a numeric user_id", { ...PROFILE, user_id: 1 }],
    ["no email", { user_id: "u-1", email_verified: true }],
    ["an empty email", { ...PROFILE, email: "" }],
    ["a non-boolean email_verified", { ...PROFILE, email_verified: "true" }],
  ])("refuses %s as an outage", (_, body) => {
    expect(() => userProfile(body)).toThrow(new Error("facade answered a malformed user profile"));
  });
});

describe("calling Auth0 back", () => {
  const callback = () => {
    const calls: unknown[][] = [];
    return { calls, fn: (...args: unknown[]) => void calls.push(args) };
  };
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it("passes what the script returned, once", async () => {
    const { calls, fn } = callback();
    runScript(fn, async () => [null, { user_id: "u-1" }]);
    await settle();
    expect(calls).toEqual([[null, { user_id: "u-1" }]]);
  });

  it("turns anything thrown into a plain Error with its message, from any realm", async () => {
    const { calls, fn } = callback();
    runScript(fn, async () => {
      throw { message: "facade POST /users/authenticate answered 503" };
    });
    await settle();
    expect(calls).toHaveLength(1);
    expect(calls[0][0]).toBeInstanceOf(Error);
    expect((calls[0][0] as Error).message).toBe("facade POST /users/authenticate answered 503");
  });

  it.each([
    ["a string", "oops"],
    ["undefined", undefined],
    ["an empty message", new Error("")],
    ["a non-string message", { message: 3 }],
  ])("says 'script failed' for %s", async (_, thrown) => {
    const { calls, fn } = callback();
    runScript(fn, async () => {
      throw thrown;
    });
    await settle();
    expect((calls[0][0] as Error).message).toBe("script failed");
  });

  it("catches a synchronous throw in the body too", async () => {
    const { calls, fn } = callback();
    runScript(fn, () => {
      throw new Error("synchronous");
    });
    await settle();
    expect((calls[0][0] as Error).message).toBe("synchronous");
  });
});
