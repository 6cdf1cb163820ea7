import { describe, expect, it } from "vitest";
import { asBoolean, asNumber, asString, asStringList, describeValue, terraformValue } from "../../lib/synthesized/terraform-values";

describe("values as Terraform reads them", () => {
  it.each([
    ["plain text", "auth0", "auth0"],
    ["an escaped interpolation and directive", "a $${b} %%{c}", "a ${b} %{c}"],
    ["a literal expression", '${"auth0"}', "auth0"],
    ["a literal in a template", 'https://${"acme.eu.auth0.com"}/oauth/token', "https://acme.eu.auth0.com/oauth/token"],
    ["base64decode", '${base64decode("c2VjcmV0LXZhbHVl")}', "secret-value"],
    ["a join of literals", '${join("", ["se", "cr", "et"])}', "secret"],
    ["nested functions", '${lower(join("-", [upper("a"), "B"]))}', "a-b"],
    ["format", '${format("%s:%s", "a", "b")}', "a:b"],
    ["a conditional on literals", '${true ? "yes" : "no"}', "yes"],
    ["arithmetic", "${60 * 60 * 24}", 86400],
    ["a boolean expression", "${!false && true}", true],
    ["a number", "${600}", 600],
    ["escapes in a string", '${"a\\"b"}', 'a"b'],
  ])("evaluates %s", (_, raw, value) => {
    expect(terraformValue(raw)).toEqual({ kind: "known", value });
  });

  it("keeps one reference as a reference, and a join of references and literals as a join", () => {
    expect(terraformValue("${auth0_client.FacadeClient_4960F1AA.client_id}")).toEqual({
      kind: "reference",
      reference: "auth0_client.FacadeClient_4960F1AA.client_id",
    });
    expect(terraformValue("${var.facade_client_secret}")).toEqual({ kind: "reference", reference: "var.facade_client_secret" });
    expect(terraformValue('${join(",", [auth0_client.X.client_id, "Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja"])}')).toEqual({
      kind: "join",
      separator: ",",
      parts: [{ reference: "auth0_client.X.client_id" }, { literal: "Hs7Kd2Qw9Zx4Lm1Np6Rt3Vb8Yc5Fg0Ja" }],
    });
  });

  it.each([
    ["a function of a reference", "${base64decode(var.secret)}"],
    ["a template mixing text and a reference", "https://${var.host}/oauth/token"],
    ["a directive", "%{ if true }a%{ endif }"],
    ["an unknown function", '${file("secret.txt")}'],
    ["a for expression", "${[for x in var.list : x]}"],
    ["each.value", "${each.value}"],
    ["a condition on a reference", '${var.on ? "a" : "b"}'],
    ["an unclosed interpolation", "${var.x"],
  ])("reads %s as unknown, never as a value", (_, raw) => {
    expect(terraformValue(raw).kind).toBe("unknown");
  });

  it("converts as Terraform converts attribute values", () => {
    expect(asBoolean(terraformValue("true"))).toBe(true);
    expect(asBoolean(terraformValue("${false}"))).toBe(false);
    expect(asBoolean(terraformValue("yes"))).toBeUndefined();
    expect(asNumber(terraformValue("600"))).toBe(600);
    expect(asNumber(terraformValue("86400 "))).toBe(86400);
    expect(asNumber(terraformValue("6e2"))).toBeUndefined();
    expect(asString(terraformValue(3600))).toBe("3600");
    expect(asStringList(terraformValue(["users:read", '${"users:authenticate"}']))).toEqual(["users:read", "users:authenticate"]);
    expect(asStringList(terraformValue(["users:read", "${var.x}"]))).toBeUndefined();
  });

  it("reads objects and lists member by member", () => {
    expect(terraformValue({ a: ["x", "${1 + 1}"], b: null })).toEqual({ kind: "known", value: { a: ["x", 2], b: null } });
    expect(terraformValue({ a: "${var.x}" }).kind).toBe("unknown");
  });

  it("describes a value for a finding", () => {
    expect(describeValue(undefined)).toBe("not declared");
    expect(describeValue(terraformValue("${var.x}"))).toBe("${var.x}");
    expect(describeValue(terraformValue('${file("x")}'))).toBe('${file("x")} (computed by Terraform)');
  });
});
