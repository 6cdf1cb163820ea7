import { resolve } from "node:path";
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

/** What a command accepts. Every command of the project is parsed by `parseArguments`. */
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
  const positionals: string[] = [];
  const paths: Record<string, string> = {};
  const words: Record<string, string> = {};
  const switches = new Set<string>();
  const waivers: { subject: string; reason: string }[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string => {
      const next = args[++i];
      return next === undefined || next.startsWith("--") ? fail(`${arg} needs a value`) : next;
    };
    if (arg === "--help" || arg === "-h") throw new HelpRequested(spec.usage);
    if (spec.switches?.includes(arg)) switches.add(arg);
    else if (spec.paths?.includes(arg)) paths[arg] = resolve(value());
    else if (spec.words?.includes(arg)) words[arg] = value();
    else if (arg === "--waive" && spec.waivers) {
      const subject = value();
      const wrong = spec.waivers.check?.(subject);
      if (wrong !== undefined) fail(wrong);
      if (args[i + 1] !== "--because") fail(`--waive ${subject} needs --because "<why it is intended>" right after it`);
      i++;
      const reason = waiverReason.safeParse(value());
      if (!reason.success) fail(`--because for ${subject}: ${reason.error.issues[0].message}`);
      waivers.push({ subject, reason: reason.data! });
    } else if (arg.startsWith("--")) fail(`unknown option ${arg}`);
    else positionals.push(arg);
  }
  const { name, min, max } = spec.positionals ?? { name: "argument", min: 0, max: 0 };
  if (positionals.length < min || positionals.length > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    const noun = min === 1 && (max === 1 || max === Infinity) ? name : `${name}s`;
    fail(max === 0 ? `unexpected argument ${positionals[0]}` : `expected ${expected} ${noun}, got ${positionals.length}`);
  }
  return { positionals, paths, words, switches, waivers };
}
