import { describe, expect, it } from "vitest";
import { maskCredentials, nearestName, shortened, shownValue } from "../lib/messages";

describe("values in messages", () => {
  it("mask the credentials of every URL, and nothing else", () => {
    expect(maskCredentials("https://admin:hunter2@facade.example/x and ftp://anonymous@files.example")).toBe(
      "https://***@facade.example/x and ftp://***@files.example",
    );
    expect(maskCredentials('"https://token@facade.example"')).toBe('"https://***@facade.example"');
    expect(maskCredentials("mail ada@example.com at https://facade.example/users/@me")).toBe("mail ada@example.com at https://facade.example/users/@me");
  });

  it("show a value up to the limit whole, and a longer one with both ends kept", () => {
    expect(shortened("a".repeat(80))).toBe("a".repeat(80));
    const long = `${"a".repeat(50)}${"b".repeat(50)}Z`;
    expect(shortened(long)).toBe(`${"a".repeat(39)}...${"b".repeat(37)}Z`);
    expect(shortened(long)).toHaveLength(80);
  });

  it("show values as JSON, masked, then shortened", () => {
    expect(shownValue("https://u:p@host.example")).toBe('"https://***@host.example"');
    expect(shownValue(["x"])).toBe('["x"]');
    expect(shownValue(undefined)).toBe("undefined");
  });

  it("answer a typo with the nearest known name, and a stranger with nothing", () => {
    expect(nearestName("timout", ["url", "audience", "timeoutMs"])).toBe("timeoutMs");
    expect(nearestName("conection", ["tenant", "connection"])).toBe("connection");
    expect(nearestName("zzz", ["tenant", "connection"])).toBeUndefined();
  });
});
