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
    ["a function of a reference", "${base64decode(var.secret)}", "base64decode's argument 1 is computed"],
    ["a template mixing text and a reference", "https://${var.host}/oauth/token", "a template that mixes text with computed values"],
    ["a directive", "%{ if true }a%{ endif }", "a template directive"],
    ["an unknown function", '${file("secret.txt")}', "the function file, which this review does not evaluate"],
    ["a for expression", "${[for x in var.list : x]}", "a for expression"],
    ["each.value", "${each.value}", "each.*, which this review does not follow"],
    ["a condition on a reference", '${var.on ? "a" : "b"}', "a condition on a computed value"],
    ["an unclosed interpolation", "${var.x", "an unclosed interpolation"],
  ])("reads %s as unknown, never as a value, and says why", (_, raw, reason) => {
    expect(terraformValue(raw)).toEqual({ kind: "unknown", expression: raw, reason });
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
    expect(describeValue(terraformValue('${file("x")}'))).toBe('${file("x")} (unreadable: the function file, which this review does not evaluate)');
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
    ["several digits and decimals", "${12.25 + 100}", 112.25],
    ["a signed exponent", "${1e+2 + 25E-1}", 102.5],
    ["an exponent of several digits", "${1e10}", 1e10],
    ["left-to-right subtraction", "${10 - 4 - 3}", 3],
    ["precedence of * over +", "${1 + 2 * 3}", 7],
    ["parentheses", "${(1 + 2) * 3}", 9],
    ["division and remainder", "${9 / 2 + 7 % 3}", 5.5],
    ["a string converted for arithmetic", '${"3" + 1}', 4],
    ["unary minus", "${-5 + 2}", -3],
    ["double negation", "${!!true}", true],
    ["<", "${1 < 2}", true],
    ["< when equal", "${1 < 1}", false],
    ["< when greater", "${2 < 1}", false],
    ["<= at the boundary", "${2 <= 2}", true],
    ["<= when greater", "${3 <= 2}", false],
    [">", "${2 > 3}", false],
    ["> when equal", "${2 > 2}", false],
    ["> when greater", "${3 > 2}", true],
    [">= at the boundary", "${3 >= 3}", true],
    [">= when less", "${2 >= 3}", false],
    ["== on strings", '${"a" == "a"}', true],
    ["== on different types", '${1 == "1"}', false],
    ["!=", "${1 != 2}", true],
    ["!= when equal", "${1 != 1}", false],
    ["||", "${false || true}", true],
    ["|| when both are false", "${false || false}", false],
    ["&&", "${true && false}", false],
    ["&& when both are true", "${true && true}", true],
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
    ["an empty string", "", ""],
    ["substr of length zero", '${substr("hello", 1, 0)}', ""],
    ["base64decode of UTF-8 text", '${base64decode("w6k=")}', "é"],
    ["base64encode of UTF-8 text", '${base64encode("é")}', "w6k="],
    ["numbers and booleans in a template", "a${1}${true}", "a1true"],
  ])("evaluates %s", (_, raw, value) => {
    expect(terraformValue(raw)).toEqual({ kind: "known", value });
  });

  it("reads an index as part of the reference", () => {
    expect(terraformValue('${auth0_client.X["client_id"]}')).toEqual({ kind: "reference", reference: "auth0_client.X.client_id" });
    expect(terraformValue("${var.ids[0]}")).toEqual({ kind: "reference", reference: "var.ids.0" });
    expect(terraformValue("${var.ids.1}")).toEqual({ kind: "reference", reference: "var.ids.1" });
  });

  it.each([
    ["count.index", "${count.index}", "count.*, which this review does not follow"],
    ["a local", "${local.secret}", "local.*, which this review does not follow"],
    ["a module output", "${module.m.out}", "module.*, which this review does not follow"],
    ["path.module", "${path.module}", "path.*, which this review does not follow"],
    ["terraform.workspace", "${terraform.workspace}", "terraform.*, which this review does not follow"],
    ["self", "${self.id}", "self.*, which this review does not follow"],
    ["an expression cut short", "${1 +}", "an expression cut short"],
    ["two values side by side", '${"a" "b"}', 'unexpected "b"'],
    ["an unknown character", "${@}", 'the character "@"'],
    ["a reference ending in a dot", "${var.}", "an expression cut short"],
    ["a computed index", "${var.ids[var.i]}", "a reference whose index is not a known key"],
    ["join of a reference to a list", '${join(",", var.list)}', "join of a computed list"],
    ["join with one argument", '${join(",")}', "join with other than two arguments"],
    ["join of a list of lists", '${join(",", [[1]])}', "join of a value that is not a list of strings"],
    ["join of a string", '${join(",", "abc")}', "join of a value that is not a list of strings"],
    ["join with a computed separator", '${join(var.sep, ["a"])}', "join's separator is computed"],
    ["join of a list with a computed item", '${join(",", [var.a, [1]])}', "join of a computed item"],
    ["expanded arguments", '${join(",", var.list...)}', "expanded function arguments"],
    ["tonumber of a reference", "${tonumber(var.x)}", "tonumber of a computed value"],
    ["tobool of a reference", "${tobool(var.x)}", "tobool of a computed value"],
    ["jsonencode of a reference", "${jsonencode(var.x)}", "jsonencode of a computed value"],
    ["upper of a reference", "${upper(var.x)}", "upper's argument 1 is computed"],
    ["! of a reference", "${!var.x}", "! of a computed value"],
    ["- of a reference", "${-var.x}", "- of a computed value"],
    ["arithmetic on a reference", "${var.x + 1}", "+ of a computed value"],
    ["&& of a string", '${"a" && true}', "&& of a non-boolean"],
    ["|| of a string", '${false || "a"}', "|| of a non-boolean"],
    ["* of a string", '${"a" * 2}', "* of a non-number"],
    ["a list holding a reference", '${["a", var.x]}', "a list holding references"],
    ["an unclosed string", '${"abc}', "an unclosed string"],
    ["a missing closing parenthesis", "${(1 + 2}", "expected )"],
    ["a missing :", '${true ? "a"}', "expected :"],
    ["a closing bracket alone", "${]}", 'unexpected "]"'],
    ["format with too few arguments", '${format("%s-%s", "a")}', "format with too few arguments"],
    ["a computed right operand", "${1 + var.x}", "+ of a computed value"],
    ["a right operand that is no number", '${2 * "a"}', "* of a non-number"],
    ["a wrong closing bracket", "${(1 + 2]}", "expected )"],
    ["an index that is a list", "${var.ids[[1]]}", "a reference whose index is not a known key"],
    ["a quoted step in a reference", '${var."x"}', "a malformed reference"],
    ["a for expression after an item", '${["a", for x in var.list : x]}', "a for expression"],
    ["expanded arguments of a known list", '${join(",", ["a"]...)}', "expanded function arguments"],
    ["join of a list holding a list", '${join(",", ["a", [1]])}', "join of a value that is not a list of strings"],
    ["an object constructor", "${jsonencode({ a = 1 })}", 'unexpected "{"'],
    ["a list inside a template", 'a${["x"]}', "a template holding a null, list or object"],
    ["null inside a template", "a${null}", "a template holding a null, list or object"],
    ["jsondecode of text that is not JSON", '${jsondecode("{")}', "jsondecode of text that is not JSON"],
    ["parseint of text that is not a number", '${parseint("zz", 10)}', 'parseint of "zz" in base 10'],
    ["base64decode without padding", '${base64decode("YQ")}', "base64decode of text that is not base64"],
    ["base64decode of bytes that are not UTF-8", '${base64decode("/w==")}', "base64decode of bytes that are not UTF-8"],
    ["a second argument that is computed", '${replace("a", var.x, "b")}', "replace's argument 2 is computed"],
  ])("reads %s as unknown, and says why", (_, raw, reason) => {
    expect(terraformValue(raw)).toEqual({ kind: "unknown", expression: raw, reason });
  });

  it("reads a value that is not JSON data as unknown", () => {
    expect(terraformValue(undefined)).toEqual({ kind: "unknown", expression: "undefined", reason: "not JSON data" });
  });

  it("reads a list or an object with a computed member as unknown, and names the member", () => {
    expect(terraformValue(["a", "${var.x}"])).toEqual({ kind: "unknown", expression: '["a","${var.x}"]', reason: "item 2 is the reference var.x" });
    expect(terraformValue({ a: "x", b: "${var.x}" })).toEqual({ kind: "unknown", expression: '{"a":"x","b":"${var.x}"}', reason: "b is the reference var.x" });
    expect(terraformValue({ a: '${join(",", [var.a])}' })).toMatchObject({ reason: "a is a join holding references" });
    expect(terraformValue([['${file("x")}']])).toMatchObject({
      reason: "item 1 is unreadable (item 1 is unreadable (the function file, which this review does not evaluate))",
    });
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
    expect(asStringList(terraformValue(["a", null]))).toBeUndefined();
    expect(asStringList(undefined)).toBeUndefined();
    expect(asString(undefined)).toBeUndefined();
    expect(asBoolean(undefined)).toBeUndefined();
    expect(asNumber(terraformValue("1.25"))).toBe(1.25);
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
