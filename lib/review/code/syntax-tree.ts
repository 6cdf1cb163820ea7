import { parse, type Node } from "acorn";
import { fullAncestor } from "acorn-walk";
import type { SynthesizedStack } from "../../synthesized/synthesized-stack";
import { codeUnits, type CodeUnit } from "../../facts/code-units";
import { resourceRef, type Violation } from "../finding";

/**
 * The code rules read a syntax tree (acorn), not text: comments, strings, regular
 * expressions and templates are what the parser says they are, and names are compared
 * after folding what the code computes from literals (`"reject" + "Unauthorized"`,
 * `console["log"]`), so spelling a name another way does not hide it.
 */

/** A node with the fields the rules read; acorn's own types are per node kind. */
// biome-ignore lint/suspicious/noExplicitAny: acorn types each node kind apart; rules read fields across kinds and check them at run time
export type AstNode = Node & Record<string, any>;

export interface ParsedUnit extends CodeUnit {
  readonly code: string;
  readonly program: AstNode;
  /** Every node, with its ancestors (outermost first), in source order. */
  readonly nodes: readonly { readonly node: AstNode; readonly ancestors: readonly AstNode[] }[];
}

export interface UnparseableUnit extends CodeUnit {
  readonly code: string;
  readonly error: string;
}

type SyntaxOf = { readonly program: AstNode; readonly nodes: ParsedUnit["nodes"] } | { readonly error: string };

// The same text is in every stage (and in every run of a watch): parse each text once. Rules only read trees.
const syntaxByText = new Map<string, SyntaxOf>();
const MAX_REMEMBERED_TEXTS = 64;

function syntaxOf(code: string): SyntaxOf {
  const known = syntaxByText.get(code);
  if (known !== undefined) return known;
  let syntax: SyntaxOf;
  try {
    // A script is one function declaration; an Action is CommonJS: both are plain scripts.
    const program = parse(code, { ecmaVersion: "latest", sourceType: "script", locations: true }) as AstNode;
    const nodes: { node: AstNode; ancestors: AstNode[] }[] = [];
    fullAncestor(program, (node, _state, ancestors) => nodes.push({ node: node as AstNode, ancestors: (ancestors as AstNode[]).slice(0, -1) }));
    syntax = { program, nodes };
  } catch (error) {
    syntax = { error: (error as Error).message };
  }
  if (syntaxByText.size >= MAX_REMEMBERED_TEXTS) syntaxByText.clear();
  syntaxByText.set(code, syntax);
  return syntax;
}

function parseUnit(unit: CodeUnit & { code: string }): ParsedUnit | UnparseableUnit {
  return { ...unit, ...syntaxOf(unit.code) };
}

// Several rules read the same code: parse each stack's code once.
const parsed = new WeakMap<SynthesizedStack, (ParsedUnit | UnparseableUnit)[]>();

function units(stack: SynthesizedStack): (ParsedUnit | UnparseableUnit)[] {
  let all = parsed.get(stack);
  if (all === undefined) {
    all = codeUnits(stack).flatMap((unit) => (unit.code === undefined ? [] : [parseUnit({ ...unit, code: unit.code })]));
    parsed.set(stack, all);
  }
  return all;
}

/** The literal code units of a stack that parse; the others are code-size-limit's findings. */
export function parsedCode(stack: SynthesizedStack): ParsedUnit[] {
  return units(stack).filter((unit): unit is ParsedUnit => "program" in unit);
}

export function unparseableCode(stack: SynthesizedStack): UnparseableUnit[] {
  return units(stack).filter((unit): unit is UnparseableUnit => "error" in unit);
}

/** A violation at a node: `login script, line 12: ...`. */
function codeViolation(unit: CodeUnit, node: AstNode, what: string): Violation {
  return { resource: resourceRef(unit.resource), message: `${unit.label}, line ${node.loc?.start.line ?? "?"}: ${what}` };
}

/**
 * The string a node always evaluates to, when the code computes it from literals only:
 * a string or number literal, a template without expressions, `+` of such, or any of
 * these in parentheses or a sequence's last place. `undefined` for anything computed.
 */
export function constantString(node: AstNode | null | undefined): string | undefined {
  if (node === null || node === undefined) return undefined;
  switch (node.type) {
    case "Literal":
      return typeof node.value === "string" || typeof node.value === "number" ? String(node.value) : undefined;
    case "TemplateLiteral":
      if (node.expressions.length === 0) return node.quasis.map((quasi: AstNode) => quasi.value.cooked).join("");
      {
        const parts = node.expressions.map(constantString);
        if (parts.some((part: string | undefined) => part === undefined)) return undefined;
        return node.quasis.map((quasi: AstNode, index: number) => quasi.value.cooked + (parts[index] ?? "")).join("");
      }
    case "BinaryExpression": {
      if (node.operator !== "+") return undefined;
      const [left, right] = [constantString(node.left), constantString(node.right)];
      return left === undefined || right === undefined ? undefined : left + right;
    }
    case "SequenceExpression":
      return constantString(node.expressions[node.expressions.length - 1]);
    default:
      return undefined;
  }
}

/** The name a member expression reads (`a.b`, `a["b"]`, `a["b" + "c"]`); `undefined` when computed at run time. */
export function memberName(node: AstNode): string | undefined {
  if (node.type !== "MemberExpression") return undefined;
  if (!node.computed) return node.property.type === "Identifier" ? node.property.name : undefined;
  return constantString(node.property);
}

/** The key of an object property (`{ a: 1 }`, `{ "a": 1 }`, `{ ["a" + ""]: 1 }`); `undefined` when computed at run time. */
export function propertyKey(node: AstNode): string | undefined {
  if (node.type !== "Property") return undefined;
  if (!node.computed) return node.key.type === "Identifier" ? node.key.name : constantString(node.key);
  return constantString(node.key);
}

/** Whether `node` is the name in a declaration or a property key, not a use of a variable. */
function isBindingOrKey(node: AstNode, parent: AstNode | undefined): boolean {
  if (parent === undefined) return false;
  if (parent.type === "MemberExpression" && parent.property === node && !parent.computed) return true;
  if (parent.type === "Property" && parent.key === node && !parent.computed && !parent.shorthand) return true;
  if ((parent.type === "MethodDefinition" || parent.type === "PropertyDefinition") && parent.key === node && !parent.computed) return true;
  return false;
}

/** Every use of a free name (`process`, `console`, `eval`), anywhere in a unit: not as a property key. */
export function usesOf(unit: ParsedUnit, name: string): { node: AstNode; parent: AstNode | undefined; ancestors: readonly AstNode[] }[] {
  return unit.nodes
    .filter(({ node }) => node.type === "Identifier" && node.name === name)
    .map(({ node, ancestors }) => ({ node, ancestors, parent: ancestors[ancestors.length - 1] }))
    .filter(({ node, parent }) => !isBindingOrKey(node, parent));
}

/** One violation per matching node of every parsed unit. */
export function nodeViolations(stack: SynthesizedStack, find: (unit: ParsedUnit) => { node: AstNode; what: string }[]): Violation[] {
  return parsedCode(stack).flatMap((unit) => find(unit).map(({ node, what }) => codeViolation(unit, node, what)));
}
