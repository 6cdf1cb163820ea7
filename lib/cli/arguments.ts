import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { waiverReason } from "../config/stage-schema";

/** A command line the command cannot run: the message says what it expects. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command's usage line, printed after the message. */
    readonly usage?: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

/** `--help` or `-h`: the command prints its usage and exits 0. */
export class HelpRequested extends Error {
  constructor(readonly usage: string) {
    super(usage);
    this.name = "HelpRequested";
  }
}

/** What a command accepts. Every command of the project is parsed by `parseArguments`, on node:util's `parseArgs`. */
export interface ArgumentSpec {
  /** The usage line shown with any error. */
  readonly usage: string;
  /** How many positional arguments, and what one is called in errors (`stage`). */
  readonly positionals?: { readonly name: string; readonly min: number; readonly max: number };
  /** Options that take a folder or file path, resolved from the working directory (`--config`). */
  readonly paths?: readonly string[];
  /** Options that take a word (`--stage`). */
  readonly words?: readonly string[];
  /** Options without a value (`--write`). */
  readonly switches?: readonly string[];
  /** `--waive <what> --because "<reason>"`, repeatable; `what` is checked by `waivable`. */
  readonly waivers?: { readonly what: string; readonly check?: (what: string) => string | undefined };
}

export interface ParsedArguments {
  readonly positionals: readonly string[];
  readonly paths: Readonly<Record<string, string>>;
  readonly words: Readonly<Record<string, string>>;
  readonly switches: ReadonlySet<string>;
  readonly waivers: readonly { readonly subject: string; readonly reason: string }[];
}

export function parseArguments(args: readonly string[], spec: ArgumentSpec): ParsedArguments {
  const fail = (message: string): never => {
    throw new UsageError(message, spec.usage);
  };
  const named = (flags: readonly string[] | undefined, type: "string" | "boolean") =>
    Object.fromEntries((flags ?? []).map((flag) => [flag.slice(2), { type }]));
  const { tokens } = parseArgs({
    args: [...args],
    options: {
      ...named(spec.paths, "string"),
      ...named(spec.words, "string"),
      ...named(spec.switches, "boolean"),
      ...(spec.waivers ? named(["--waive", "--because"], "string") : {}),
      help: { type: "boolean", short: "h" },
    },
    // Unknown options and misplaced values are reported below in the project's words, not parseArgs's.
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  if (tokens.some((token) => token.kind === "option" && token.name === "help")) throw new HelpRequested(spec.usage);
  const positionals: string[] = [];
  const paths: Record<string, string> = {};
  const words: Record<string, string> = {};
  const switches = new Set<string>();
  const waivers: { subject: string; reason: string }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === "positional") {
      positionals.push(token.value);
      continue;
    }
    if (token.kind === "option-terminator") continue;
    const flag = `--${token.name}`;
    const value = (): string => (token.value === undefined || token.value.startsWith("--") ? fail(`${flag} needs a value`) : token.value);
    if (spec.switches?.includes(flag)) switches.add(flag);
    else if (spec.paths?.includes(flag)) paths[flag] = resolve(value());
    else if (spec.words?.includes(flag)) words[flag] = value();
    else if (flag === "--waive" && spec.waivers) {
      const subject = value();
      const wrong = spec.waivers.check?.(subject);
      if (wrong !== undefined) fail(wrong);
      const next = tokens[i + 1];
      if (next?.kind !== "option" || next.name !== "because") fail(`--waive ${subject} needs --because "<why it is intended>" right after it`);
      i++;
      const because = (next as { value?: string }).value ?? fail("--because needs a value");
      const reason = waiverReason.safeParse(because);
      if (!reason.success) fail(`--because for ${subject}: ${reason.error.issues[0].message}`);
      waivers.push({ subject, reason: reason.data! });
    } else fail(`unknown option ${token.rawName}`);
  }
  const { name, min, max } = spec.positionals ?? { name: "argument", min: 0, max: 0 };
  if (positionals.length < min || positionals.length > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    const noun = min === 1 && (max === 1 || max === Infinity) ? name : `${name}s`;
    fail(max === 0 ? `unexpected argument ${positionals[0]}` : `expected ${expected} ${noun}, got ${positionals.length}`);
  }
  return { positionals, paths, words, switches, waivers };
}

/**
 * For entry points that are not run through `runCommand` (long async jobs): the parsed
 * arguments, or the usage printed and the process ended (0 for --help, 2 for a mistake).
 */
export function parseArgumentsOrExit(args: readonly string[], spec: ArgumentSpec): ParsedArguments {
  try {
    return parseArguments(args, spec);
  } catch (error) {
    if (error instanceof HelpRequested) {
      console.log(error.usage);
      process.exit(0);
    }
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    console.error(spec.usage);
    process.exit(2);
  }
}
