import { createHash } from "node:crypto";

/**
 * Values of a synthesized stack as Terraform reads them. Every JSON string in
 * `cdk.tf.json` is a template: `$${` and `%%{` are escapes, `${ expr }` an interpolation,
 * and a string that is one interpolation has the expression's own value (`"${true}"` is the
 * boolean true). Expressions of literals and pure functions are evaluated (`${"auth0"}`,
 * `${base64decode("...")}`, `${join("", ["a", "b"])}`); a reference to another resource
 * stays a reference; anything else (a variable, a resource's computed value inside a
 * function, a for expression) is `unknown`, and a review must treat it as unreadable,
 * never as a match or a skip.
 */

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

export type TerraformValue =
  /** Fully known before apply: a literal, or pure functions of literals. */
  | { readonly kind: "known"; readonly value: Json }
  /** Exactly one attribute of another resource, or a variable: `auth0_client.X.client_id`. */
  | { readonly kind: "reference"; readonly reference: string }
  /** `join(separator, [...])` of known strings and references, as the guards' approved lists are written. */
  | { readonly kind: "join"; readonly separator: string; readonly parts: readonly JoinPart[] }
  /** Computed by Terraform in a way this reader does not follow; `reason` says what, for the finding. */
  | { readonly kind: "unknown"; readonly expression: string; readonly reason: string };

type JoinPart = { readonly literal: string } | { readonly reference: string };

const known = (value: Json): TerraformValue => ({ kind: "known", value });
const unknownValue = (expression: string, reason: string): TerraformValue => ({ kind: "unknown", expression, reason });

class Unreadable extends Error {}

// ---------------------------------------------------------------- templates

interface TemplatePart {
  readonly literal?: string;
  readonly expression?: string;
}

/** Splits a template into literal text (escapes undone) and `${...}` expressions; a `%{` directive is unreadable. */
function templateParts(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = "";
  let i = 0;
  while (i < text.length) {
    if (text.startsWith("$${", i) || text.startsWith("%%{", i)) {
      literal += `${text[i]}{`;
      i += 3;
    } else if (text.startsWith("%{", i)) {
      throw new Unreadable("a template directive");
    } else if (text.startsWith("${", i)) {
      const end = closingBrace(text, i + 2);
      if (literal !== "") parts.push({ literal });
      literal = "";
      parts.push({ expression: text.slice(i + 2, end) });
      i = end + 1;
    } else {
      literal += text[i];
      i += 1;
    }
  }
  if (literal !== "") parts.push({ literal });
  return parts;
}

/**
 * The index of the `}` that closes an interpolation opened just before `start`, skipping
 * strings. Braces do not nest: this reader has no object constructors, so an expression
 * holding a `{` is unreadable wherever it is cut.
 */
function closingBrace(text: string, start: number): number {
  for (let i = start; i < text.length; i++) {
    if (text[i] === '"') i = closingQuote(text, i + 1);
    else if (text[i] === "}") return i;
  }
  throw new Unreadable("an unclosed interpolation");
}

function closingQuote(text: string, start: number): number {
  for (let i = start; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text.startsWith("${", i)) i = closingBrace(text, i + 2);
    else if (text[i] === '"') return i;
  }
  throw new Unreadable("an unclosed string");
}

function evaluateTemplate(text: string): Evaluated {
  const parts = templateParts(text);
  if (parts.length === 1 && parts[0].expression !== undefined) return evaluateExpression(parts[0].expression);
  const values = parts.map((part) => (part.literal !== undefined ? known(part.literal) : evaluateExpression(part.expression!)));
  if (values.some((value) => value.kind !== "known")) throw new Unreadable("a template that mixes text with computed values");
  // Terraform refuses null, lists and objects inside a template.
  const texts = values.map((value) => asString(value));
  if (texts.includes(undefined)) throw new Unreadable("a template holding a null, list or object");
  return known(texts.join(""));
}

const isPrimitive = (value: Json): value is string | number | boolean => ["string", "number", "boolean"].includes(typeof value);

// ---------------------------------------------------------------- expressions

type Token = { readonly type: "number" | "string" | "name" | "punct"; readonly text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i];
    if (/\s/.test(char)) {
      i++;
    } else if (char === '"') {
      const end = closingQuote(source, i + 1);
      tokens.push({ type: "string", text: source.slice(i + 1, end) });
      i = end + 1;
    } else if (/[0-9]/.test(char)) {
      const match = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(source.slice(i))![0];
      tokens.push({ type: "number", text: match });
      i += match.length;
    } else if (/[A-Za-z_]/.test(char)) {
      const match = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(source.slice(i))![0];
      tokens.push({ type: "name", text: match });
      i += match.length;
    } else {
      const punct =
        ["==", "!=", "&&", "||", ">=", "<=", "...", "=>"].find((op) => source.startsWith(op, i)) ??
        (["(", ")", "[", "]", "{", ",", ".", "?", ":", "!", "-", "+", "*", "/", "%", "<", ">", "="].includes(char) ? char : undefined);
      if (punct === undefined) throw new Unreadable(`the character ${JSON.stringify(char)}`);
      tokens.push({ type: "punct", text: punct });
      i += punct.length;
    }
  }
  return tokens;
}

/** An intermediate result: a value, or a list holding references, readable only as a join's argument. */
type Evaluated = TerraformValue | { readonly kind: "list"; readonly items: readonly Evaluated[] };

class Parser {
  private position = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  parse(): Evaluated {
    const value = this.conditional();
    if (this.position !== this.tokens.length) throw new Unreadable(`unexpected ${JSON.stringify(this.tokens[this.position].text)}`);
    return value;
  }

  /** The next token; with `text`, only the punctuation or keyword of that text (a string "-" is not a minus). */
  private peek(text?: string): Token | undefined {
    const token = this.tokens[this.position];
    return text === undefined || (token?.text === text && token.type !== "string") ? token : undefined;
  }

  private take(text?: string): Token {
    const token = this.tokens[this.position];
    if (token === undefined || (text !== undefined && this.peek(text) === undefined))
      throw new Unreadable(text === undefined ? "an expression cut short" : `expected ${text}`);
    this.position++;
    return token;
  }

  private conditional(): Evaluated {
    const condition = this.binary(0);
    if (!this.peek("?")) return condition;
    this.take("?");
    const then = this.conditional();
    this.take(":");
    const otherwise = this.conditional();
    const test = asBoolean(condition);
    if (test === undefined) throw new Unreadable("a condition on a computed value");
    return test ? then : otherwise;
  }

  private static readonly LEVELS = [["||"], ["&&"], ["==", "!="], ["<", "<=", ">", ">="], ["+", "-"], ["*", "/", "%"]];

  private binary(level: number): Evaluated {
    if (level === Parser.LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    while (this.peek()?.type === "punct" && Parser.LEVELS[level].includes(this.peek()!.text)) {
      const operator = this.take().text;
      const right = this.binary(level + 1);
      left = operate(operator, left, right);
    }
    return left;
  }

  private unary(): Evaluated {
    if (this.peek("!")) {
      this.take();
      const operand = asBoolean(this.unary());
      if (operand === undefined) throw new Unreadable("! of a computed value");
      return known(!operand);
    }
    if (this.peek("-")) {
      this.take();
      const operand = asNumber(this.unary());
      if (operand === undefined) throw new Unreadable("- of a computed value");
      return known(-operand);
    }
    return this.postfix();
  }

  private postfix(): Evaluated {
    const token = this.take();
    if (token.type === "number") return known(Number(token.text));
    if (token.type === "string") return evaluateTemplate(unescapeString(token.text));
    if (token.text === "(") {
      const inner = this.conditional();
      this.take(")");
      return inner;
    }
    if (token.text === "[") return this.list();
    if (token.type !== "name") throw new Unreadable(`unexpected ${JSON.stringify(token.text)}`);
    if (token.text === "true" || token.text === "false") return known(token.text === "true");
    if (token.text === "null") return known(null);
    if (this.peek("(")) return this.call(token.text);
    return this.traversal(token.text);
  }

  private list(): Evaluated {
    const items: Evaluated[] = [];
    while (!this.peek("]")) {
      if (this.peek("for")) throw new Unreadable("a for expression");
      items.push(this.conditional());
      if (!this.peek("]")) this.take(",");
    }
    this.take("]");
    return listOf(items);
  }

  private call(name: string): Evaluated {
    this.take("(");
    const args: Evaluated[] = [];
    while (!this.peek(")")) {
      args.push(this.conditional());
      if (this.peek("...")) throw new Unreadable("expanded function arguments");
      if (!this.peek(")")) this.take(",");
    }
    this.take(")");
    return callFunction(name, args);
  }

  private traversal(root: string): Evaluated {
    const steps = [root];
    for (;;) {
      if (this.peek(".")) {
        this.take(".");
        const next = this.take();
        if (next.type !== "name" && next.type !== "number") throw new Unreadable("a malformed reference");
        steps.push(next.text);
      } else if (this.peek("[")) {
        this.take("[");
        const key = asString(this.conditional());
        this.take("]");
        if (key === undefined) throw new Unreadable("a reference whose index is not a known key");
        steps.push(key);
      } else break;
    }
    // `each.key`, `count.index`, locals, data sources and modules are computed.
    if (["each", "count", "local", "module", "path", "terraform", "self"].includes(root)) throw new Unreadable(`${root}.*, which this review does not follow`);
    return { kind: "reference", reference: steps.join(".") };
  }
}

function unescapeString(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, sequence: string) => {
    switch (sequence[0]) {
      case "n":
        return "\n";
      case "r":
        return "\r";
      case "t":
        return "\t";
      case "u":
      case "U":
        return String.fromCodePoint(Number.parseInt(sequence.slice(1), 16));
      default:
        return sequence;
    }
  });
}

function listOf(items: readonly Evaluated[]): Evaluated {
  if (items.every((item) => item.kind === "known")) return known(items.map((item) => (item as { value: Json }).value));
  return { kind: "list", items };
}

function operate(operator: string, left: Evaluated, right: Evaluated): Evaluated {
  if (left.kind !== "known" || right.kind !== "known") throw new Unreadable(`${operator} of a computed value`);
  const [a, b] = [left.value, right.value];
  switch (operator) {
    case "==":
      return known(JSON.stringify(a) === JSON.stringify(b));
    case "!=":
      return known(JSON.stringify(a) !== JSON.stringify(b));
    case "&&":
    case "||": {
      const [x, y] = [asBoolean(left), asBoolean(right)];
      if (x === undefined || y === undefined) throw new Unreadable(`${operator} of a non-boolean`);
      return known(operator === "&&" ? x && y : x || y);
    }
    default: {
      const [x, y] = [asNumber(left), asNumber(right)];
      if (x === undefined || y === undefined) throw new Unreadable(`${operator} of a non-number`);
      const results: Record<string, number | boolean> = {
        "+": x + y,
        "-": x - y,
        "*": x * y,
        "/": x / y,
        "%": x % y,
        "<": x < y,
        "<=": x <= y,
        ">": x > y,
        ">=": x >= y,
      };
      return known(results[operator]);
    }
  }
}

function knownString(value: Evaluated, what: string): string {
  const text = asString(value);
  if (text === undefined) throw new Unreadable(`${what} is computed`);
  return text;
}

/** Terraform's pure functions that reviews meet; anything else is unreadable. */
function callFunction(name: string, args: readonly Evaluated[]): Evaluated {
  if (name === "join") return joinOf(args);
  const strings = () => args.map((arg, index) => knownString(arg, `${name}'s argument ${index + 1}`));
  switch (name) {
    case "base64decode":
      return known(base64Decoded(strings()[0]));
    case "base64encode":
      return known(Buffer.from(strings()[0]).toString("base64"));
    case "lower":
      return known(strings()[0].toLowerCase());
    case "upper":
      return known(strings()[0].toUpperCase());
    case "trimspace":
      return known(strings()[0].trim());
    case "tostring":
      return known(strings()[0]);
    case "tonumber": {
      const number = asNumber(args[0]);
      if (number === undefined) throw new Unreadable("tonumber of a computed value");
      return known(number);
    }
    case "tobool": {
      const bool = asBoolean(args[0]);
      if (bool === undefined) throw new Unreadable("tobool of a computed value");
      return known(bool);
    }
    case "replace": {
      const [text, search, replacement] = strings();
      return known(text.split(search).join(replacement));
    }
    case "format": {
      const [format, ...rest] = strings();
      let next = 0;
      const text = format.replace(/%[sdv%]/g, (directive) => (directive === "%%" ? "%" : rest[next++]));
      // Terraform refuses a format with fewer arguments than verbs.
      if (next > rest.length) throw new Unreadable("format with too few arguments");
      return known(text);
    }
    case "substr": {
      const [text, offset, length] = strings();
      return known(text.substr(Number(offset), Number(length) < 0 ? undefined : Number(length)));
    }
    case "sha256":
      return known(createHash("sha256").update(strings()[0]).digest("hex"));
    case "parseint": {
      const [text, base] = strings();
      const number = Number.parseInt(text, Number(base));
      if (Number.isNaN(number)) throw new Unreadable(`parseint of ${JSON.stringify(text)} in base ${base}`);
      return known(number);
    }
    case "jsondecode":
      return known(jsonDecoded(strings()[0]));
    case "jsonencode": {
      if (args[0].kind !== "known") throw new Unreadable("jsonencode of a computed value");
      return known(JSON.stringify(args[0].value));
    }
    default:
      throw new Unreadable(`the function ${name}, which this review does not evaluate`);
  }
}

/** As Terraform decodes: standard, padded base64 of UTF-8 text, or an error (here: unreadable). */
function base64Decoded(text: string): string {
  const bytes = Buffer.from(text, "base64");
  if (bytes.toString("base64") !== text) throw new Unreadable("base64decode of text that is not base64");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new Unreadable("base64decode of bytes that are not UTF-8");
  }
}

function jsonDecoded(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw new Unreadable("jsondecode of text that is not JSON");
  }
}

/** `join(sep, [...])`: known when every item is, else a join of literals and references. */
function joinOf(args: readonly Evaluated[]): Evaluated {
  if (args.length !== 2) throw new Unreadable("join with other than two arguments");
  const separator = knownString(args[0], "join's separator");
  const list = args[1];
  if (list.kind === "known") {
    if (!Array.isArray(list.value) || !list.value.every((item) => isPrimitive(item as Json)))
      throw new Unreadable("join of a value that is not a list of strings");
    return known((list.value as Json[]).map(String).join(separator));
  }
  if (list.kind !== "list") throw new Unreadable("join of a computed list");
  const parts = list.items.map((item): JoinPart => {
    if (item.kind === "reference") return { reference: item.reference };
    const text = asString(item);
    if (text === undefined) throw new Unreadable("join of a computed item");
    return { literal: text };
  });
  return { kind: "join", separator, parts };
}

function evaluateExpression(source: string): Evaluated {
  return new Parser(tokenize(source)).parse();
}

// ---------------------------------------------------------------- reading values

/**
 * A synthesized value as Terraform reads it. Objects and lists are read member by member:
 * known when every member is; a string, as a template.
 */
export function terraformValue(raw: unknown): TerraformValue {
  if (typeof raw === "string") {
    try {
      const value = evaluateTemplate(raw);
      return value.kind === "list" ? unknownValue(raw, "a list holding references") : value;
    } catch (error) {
      if (error instanceof Unreadable) return unknownValue(raw, error.message);
      throw error;
    }
  }
  if (raw === null || typeof raw === "number" || typeof raw === "boolean") return known(raw);
  if (typeof raw !== "object") return unknownValue(String(raw), "not JSON data");
  const entries = Object.entries(raw).map(([key, value]) => [key, terraformValue(value)] as const);
  const computed = entries.find((entry): entry is readonly [string, NotKnown] => entry[1].kind !== "known");
  if (computed !== undefined) {
    const [key, value] = computed;
    return unknownValue(JSON.stringify(raw), `${Array.isArray(raw) ? `item ${Number(key) + 1}` : key} is ${unreadableAs(value)}`);
  }
  const members = entries.map(([key, value]) => [key, (value as { value: Json }).value] as const);
  return known(Array.isArray(raw) ? members.map(([, value]) => value) : Object.fromEntries(members));
}

type NotKnown = Exclude<TerraformValue, { kind: "known" }>;

/** Why a member makes its list or object unreadable as a whole. */
function unreadableAs(value: NotKnown): string {
  switch (value.kind) {
    case "reference":
      return `the reference ${value.reference}`;
    case "join":
      return "a join holding references";
    case "unknown":
      return `unreadable (${value.reason})`;
  }
}

/** A boolean attribute as Terraform converts it: `true`, or the string "true". */
export function asBoolean(value: TerraformValue | Evaluated | undefined): boolean | undefined {
  if (value?.kind !== "known") return undefined;
  if (typeof value.value === "boolean") return value.value;
  if (value.value === "true" || value.value === "false") return value.value === "true";
  return undefined;
}

/** A number attribute as Terraform converts it: `600`, or the string "600". */
export function asNumber(value: TerraformValue | Evaluated | undefined): number | undefined {
  if (value?.kind !== "known") return undefined;
  if (typeof value.value === "number") return value.value;
  if (typeof value.value === "string" && /^-?[0-9]+(\.[0-9]+)?$/.test(value.value.trim())) return Number(value.value);
  return undefined;
}

/** A string attribute as Terraform converts it: numbers and booleans become their text. */
export function asString(value: TerraformValue | Evaluated | undefined): string | undefined {
  if (value?.kind !== "known" || !isPrimitive(value.value)) return undefined;
  return String(value.value);
}

/** A list of strings, each converted as Terraform would. */
export function asStringList(value: TerraformValue | undefined): readonly string[] | undefined {
  if (value?.kind !== "known" || !Array.isArray(value.value)) return undefined;
  const items = (value.value as Json[]).map((item) => asString(known(item)));
  return items.every((item) => item !== undefined) ? (items as string[]) : undefined;
}

export function referenceOf(value: TerraformValue | undefined): string | undefined {
  return value?.kind === "reference" ? value.reference : undefined;
}

/** How a value is shown in a finding: short, and its expression when it is computed. */
export function describeValue(value: TerraformValue | undefined): string {
  switch (value?.kind) {
    case undefined:
      return "not declared";
    case "known":
      return shortened(JSON.stringify(value.value));
    case "reference":
      return shortened(`\${${value.reference}}`);
    case "join":
      return shortened(
        `join(${JSON.stringify(value.separator)}, [${value.parts.map((part) => ("reference" in part ? part.reference : JSON.stringify(part.literal))).join(", ")}])`,
      );
    case "unknown":
      return `${shortened(value.expression)} (unreadable: ${value.reason})`;
  }
}

function shortened(text: string): string {
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}
