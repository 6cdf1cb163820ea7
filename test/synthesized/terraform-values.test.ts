import { describe, expect, it } from "vitest";
import { asBoolean, asNumber, asString, asStringList, describeValue, referenceOf, terraformValue } from "../../lib/synthesized/terraform-values";

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

describe("Terraform's functions and operators, as an attacker could use them to hide a value", () => {
  it.each([
    ["base64encode", '${base64encode("a")}', "YQ=="],
    ["upper", '${upper("client")}', "CLIENT"],
    ["trimspace", '${trimspace("  secret \\n")}', "secret"],
    ["tostring of a number", "${tostring(5)}", "5"],
    ["tonumber of a string", '${tonumber("600")}', 600],
    ["tobool of a string", '${tobool("false")}', false],
    ["replace", '${replace("a-b-c", "-", "_")}', "a_b_c"],
    ["format with %d and %%", '${format("%d%% of %v", 5, "x")}', "5% of x"],
    ["substr", '${substr("hello", 1, 3)}', "ell"],
    ["substr to the end", '${substr("hello", 1, -1)}', "ello"],
    ["sha256", '${sha256("a")}', "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"],
    ["parseint", '${parseint("ff", 16)}', 255],
    ["jsondecode of nested braces in a string", '${jsondecode("{\\"a\\": {\\"b\\": \\"}\\"}}")}', { a: { b: "}" } }],
    ["jsonencode", '${jsonencode(["a", 1])}', '["a",1]'],
    ["a join of numbers and booleans", '${join(",", [1, true])}', "1,true"],
    ["a list", '${["a", 2]}', ["a", 2]],
    ["null", "${null}", null],
    ["a decimal and an exponent", "${1.5 + 1e3}", 1001.5],
    ["left-to-right subtraction", "${10 - 4 - 3}", 3],
    ["precedence of * over +", "${1 + 2 * 3}", 7],
    ["parentheses", "${(1 + 2) * 3}", 9],
    ["division and remainder", "${9 / 2 + 7 % 3}", 5.5],
    ["a string converted for arithmetic", '${"3" + 1}', 4],
    ["unary minus", "${-5 + 2}", -3],
    ["double negation", "${!!true}", true],
    ["<", "${1 < 2}", true],
    ["<= at the boundary", "${2 <= 2}", true],
    [">", "${2 > 3}", false],
    [">= at the boundary", "${3 >= 3}", true],
    ["== on strings", '${"a" == "a"}', true],
    ["== on different types", '${1 == "1"}', false],
    ["!=", "${1 != 2}", true],
    ["||", "${false || true}", true],
    ["&&", "${true && false}", false],
    ["&& binds tighter than ||", "${true || false && false}", true],
    ["a condition written as a string", '${"true" ? "yes" : "no"}', "yes"],
    ["a false condition", '${1 > 2 ? "yes" : "no"}', "no"],
    ["nested conditionals", '${false ? "a" : true ? "b" : "c"}', "b"],
    ["punctuation inside strings is text", '${"-" == "?"}', false],
    ["a template inside a string", '${"a${"b"}c"}', "abc"],
    ["several interpolations", '${1}${"-"}${true}', "1-true"],
    ["text around interpolations", 'a ${"b"} c', "a b c"],
    ["string escapes", '${"\\n\\t\\r\\\\\\u0041\\U0001F600"}', "\n\t\r\\A\u{1F600}"],
    ["an escaped interpolation inside a string", '${"x$${y}"}', "x${y}"],
  ])("evaluates %s", (_, raw, value) => {
    expect(terraformValue(raw)).toEqual({ kind: "known", value });
  });

  it("reads an index as part of the reference", () => {
    expect(terraformValue('${auth0_client.X["client_id"]}')).toEqual({ kind: "reference", reference: "auth0_client.X.client_id" });
    expect(terraformValue("${var.ids[0]}")).toEqual({ kind: "reference", reference: "var.ids.0" });
    expect(terraformValue("${var.ids.1}")).toEqual({ kind: "reference", reference: "var.ids.1" });
  });

  it.each([
    ["count.index", "${count.index}"],
    ["a local", "${local.secret}"],
    ["a module output", "${module.m.out}"],
    ["path.module", "${path.module}"],
    ["terraform.workspace", "${terraform.workspace}"],
    ["self", "${self.id}"],
    ["an expression cut short", "${1 +}"],
    ["two values side by side", '${"a" "b"}'],
    ["an unknown character", "${@}"],
    ["a reference ending in a dot", "${var.}"],
    ["a computed index", "${var.ids[var.i]}"],
    ["join of a reference to a list", '${join(",", var.list)}'],
    ["join with one argument", '${join(",")}'],
    ["join of a list of lists", '${join(",", [[1]])}'],
    ["join of a string", '${join(",", "abc")}'],
    ["join with a computed separator", '${join(var.sep, ["a"])}'],
    ["join of a list with a computed item", '${join(",", [var.a, [1]])}'],
    ["expanded arguments", '${join(",", var.list...)}'],
    ["tonumber of a reference", "${tonumber(var.x)}"],
    ["tobool of a reference", "${tobool(var.x)}"],
    ["jsonencode of a reference", "${jsonencode(var.x)}"],
    ["upper of a reference", "${upper(var.x)}"],
    ["! of a reference", "${!var.x}"],
    ["- of a reference", "${-var.x}"],
    ["arithmetic on a reference", "${var.x + 1}"],
    ["&& of a string", '${"a" && true}'],
    ["|| of a string", '${false || "a"}'],
    ["* of a string", '${"a" * 2}'],
    ["a list holding a reference", '${["a", var.x]}'],
    ["an unclosed string", '${"abc}'],
    ["a missing closing parenthesis", "${(1 + 2}"],
    ["a missing :", '${true ? "a"}'],
    ["a closing bracket alone", "${]}"],
    ["format with too few arguments", '${format("%s-%s", "a")}'],
  ])("reads %s as unknown", (_, raw) => {
    expect(terraformValue(raw)).toEqual({ kind: "unknown", expression: raw });
  });

  it("reads a value that is not JSON data as unknown", () => {
    expect(terraformValue(undefined).kind).toBe("unknown");
    expect(terraformValue(["a", "${var.x}"])).toEqual({ kind: "unknown", expression: '["a","${var.x}"]' });
    expect(terraformValue({ a: "${var.x}" })).toEqual({ kind: "unknown", expression: '{"a":"${var.x}"}' });
  });

  it("converts only what Terraform converts", () => {
    expect(asNumber(terraformValue("-5"))).toBe(-5);
    expect(asNumber(terraformValue("1.5"))).toBe(1.5);
    expect(asNumber(terraformValue(" 7"))).toBe(7);
    expect(asNumber(terraformValue("7a"))).toBeUndefined();
    expect(asNumber(terraformValue("a7"))).toBeUndefined();
    expect(asNumber(terraformValue(true))).toBeUndefined();
    expect(asNumber(terraformValue("${var.x}"))).toBeUndefined();
    expect(asNumber(undefined)).toBeUndefined();
    expect(asBoolean(terraformValue("false"))).toBe(false);
    expect(asBoolean(terraformValue(1))).toBeUndefined();
    expect(asBoolean(terraformValue("${var.x}"))).toBeUndefined();
    expect(asString(terraformValue(true))).toBe("true");
    expect(asString(terraformValue(null))).toBeUndefined();
    expect(asString(terraformValue({ a: 1 }))).toBeUndefined();
    expect(asString(terraformValue("${var.x}"))).toBeUndefined();
    expect(asStringList(terraformValue([1, true]))).toEqual(["1", "true"]);
    expect(asStringList(terraformValue([null]))).toBeUndefined();
    expect(asStringList(terraformValue("a"))).toBeUndefined();
    expect(asStringList(terraformValue("${var.x}"))).toBeUndefined();
  });

  it("reads a reference only from a reference", () => {
    expect(referenceOf(terraformValue("${var.x}"))).toBe("var.x");
    expect(referenceOf(terraformValue("var.x"))).toBeUndefined();
    expect(referenceOf(undefined)).toBeUndefined();
  });

  it("describes a join, a known value and a long value", () => {
    expect(describeValue(terraformValue('${join(",", [var.a, "b"])}'))).toBe('join(",", [var.a, "b"])');
    expect(describeValue(terraformValue(600))).toBe("600");
    expect(describeValue(terraformValue("x".repeat(98)))).toBe(`"${"x".repeat(98)}"`);
    expect(describeValue(terraformValue("x".repeat(99)))).toBe(`"${"x".repeat(96)}...`);
  });
});
