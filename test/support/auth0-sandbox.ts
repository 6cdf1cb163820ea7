import { builtinModules } from "node:module";
import { Script, createContext } from "node:vm";
import { GLOBAL_SLOT, type ContainerState } from "../../scripts/shared/container-state";
import { settingsKey } from "../../scripts/shared/settings";

/** Auth0 abandons a script or Action run after about 20 s. */
const AUTH0_CALL_LIMIT_MS = 20_000;

/** The error classes Auth0's script runtime provides as globals. */
class WrongUsernameOrPasswordError extends Error {
  constructor(
    readonly emailOrUserId?: string,
    message?: string,
  ) {
    super(message);
    this.name = "WrongUsernameOrPasswordError";
  }
}
class ValidationError extends Error {
  constructor(
    readonly code: string,
    message?: string,
  ) {
    super(message);
    this.name = "ValidationError";
  }
}
class UnauthorizedError extends Error {
  constructor(message?: string) {
    super(message);
    this.name = "UnauthorizedError";
  }
}

/** `require` as the runtime gives it: Node built-ins only (no npm modules here). */
function builtinRequire(name: string): unknown {
  const bare = name.replace(/^node:/, "");
  if (!builtinModules.includes(bare)) throw new Error(`Cannot find module '${name}' (the sandbox provides Node built-ins only)`);
  return require(bare);
}

/**
 * Under mutation testing, Stryker's instrumented code reads its active mutant from
 * `__stryker__` on the global object, which the runner replaces between tests: the
 * sandbox's contexts see the runner's current one through a getter.
 */
function withMutationTesting(sandbox: Record<string, unknown>): Record<string, unknown> {
  if ("__stryker__" in globalThis) {
    Object.defineProperty(sandbox, "__stryker__", { get: () => (globalThis as { __stryker__?: unknown }).__stryker__ });
  }
  return sandbox;
}

/** What every run sees besides the script's own globals: Node's, as in Auth0's runtime. */
function nodeGlobals(log: string[]): Record<string, unknown> {
  const line = (...parts: unknown[]) => log.push(parts.map((part) => (typeof part === "string" ? part : JSON.stringify(part))).join(" "));
  return {
    Buffer,
    URL,
    URLSearchParams,
    TextEncoder,
    TextDecoder,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    setImmediate,
    clearImmediate,
    console: { log: line, info: line, warn: line, error: line, debug: line },
  };
}

export interface ScriptResult {
  readonly error: Error | null;
  readonly results: unknown[];
  readonly milliseconds: number;
}

/**
 * One warm Auth0 container: ONE `global` for every script it runs, whichever connection
 * the script belongs to ("each container instance makes available the global object,
 * which can be accessed across all action scripts that run in the container instance").
 */
export class WarmContainer {
  readonly global: Record<string, unknown> = {};

  /** The scripts' cached states, by configuration (what `scripts/shared/container-state.ts` keeps). */
  get scriptStates(): ContainerState[] {
    const states = this.global[GLOBAL_SLOT] as Map<string, ContainerState> | undefined;
    return states ? [...states.values()] : [];
  }

  /** A cold start: every script's next call finds an empty `global`; kept-alive connections close. */
  restart(): void {
    for (const state of this.scriptStates) {
      state.facadeAgent.destroy();
      state.tokenAgent.destroy();
    }
    for (const key of Object.keys(this.global)) delete this.global[key];
  }
}

export interface ScriptContainerOptions {
  /** The container this script runs in, with the `global` it shares. @default a container of its own */
  readonly container?: WarmContainer;
  /** How long a call may take before it is abandoned. @default AUTH0_CALL_LIMIT_MS */
  readonly limitMs?: number;
  /**
   * A fresh `node:vm` context for every call (the faithful default), or one per warm
   * container: benchmarks use the latter so that creating contexts (about half a
   * millisecond each) does not hide the cost of the script itself.
   * @default true
   */
  readonly freshContextPerCall?: boolean;
}

/**
 * One warm Auth0 container for one custom database script: the script text is compiled
 * as it is, each call runs it in a fresh `node:vm` context whose `global` is the
 * container's (so a cached token survives between calls, as in Auth0), and a call that
 * has not called back within the limit is abandoned.
 */
export class ScriptContainer {
  /** What the script wrote with console.*, one line per call. */
  readonly log: string[] = [];
  readonly container: WarmContainer;
  private readonly compiled: Script;
  private readonly limitMs: number;
  private readonly freshContextPerCall: boolean;
  private warmFunction: ((...callArgs: unknown[]) => unknown) | undefined;

  constructor(
    readonly code: string,
    private configuration: Record<string, string>,
    options: ScriptContainerOptions = {},
  ) {
    this.container = options.container ?? new WarmContainer();
    this.compiled = new Script(`(${code})`, { filename: "auth0-script.js" });
    this.limitMs = options.limitMs ?? AUTH0_CALL_LIMIT_MS;
    this.freshContextPerCall = options.freshContextPerCall ?? true;
  }

  /** A cold start of its container: the next call finds an empty `global`. */
  restart(configuration?: Record<string, string>): void {
    this.container.restart();
    this.warmFunction = undefined;
    if (configuration) this.configuration = configuration;
  }

  /**
   * The connection's configuration changed (a deploy) while this container stayed warm:
   * the next call sees the new `configuration` and the old `global`.
   */
  reconfigure(configuration: Record<string, string>): void {
    this.configuration = configuration;
    this.warmFunction = undefined;
  }

  /** What the script cached for its current configuration, for assertions; `undefined` when nothing. */
  get cachedState(): ContainerState | undefined {
    const key = settingsKey(this.configuration);
    return this.container.scriptStates.find((state) => state.key === key);
  }

  private scriptFunction(): (...callArgs: unknown[]) => unknown {
    if (this.warmFunction) return this.warmFunction;
    const context = createContext(
      withMutationTesting({
        ...nodeGlobals(this.log),
        configuration: { ...this.configuration },
        global: this.container.global,
        require: builtinRequire,
        WrongUsernameOrPasswordError,
        ValidationError,
        UnauthorizedError,
      }),
    );
    const script = this.compiled.runInContext(context) as (...callArgs: unknown[]) => unknown;
    if (!this.freshContextPerCall) this.warmFunction = script;
    return script;
  }

  call(...args: unknown[]): Promise<ScriptResult> {
    const script = this.scriptFunction();
    const started = performance.now();
    return new Promise<ScriptResult>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        reject(new Error(`Auth0 abandoned the script after ${this.limitMs} ms without a callback`));
      }, this.limitMs);
      const callback = (error: Error | null, ...results: unknown[]) => {
        if (settled) throw new Error("the script called back twice, or after Auth0 abandoned it");
        settled = true;
        clearTimeout(timer);
        resolve({ error, results, milliseconds: performance.now() - started });
      };
      try {
        script(...args, callback);
      } catch (error) {
        clearTimeout(timer);
        reject(error);
      }
    });
  }

  /** Closes the container's kept-alive connections so a test can end cleanly. */
  close(): void {
    this.restart();
  }
}

export interface ActionDecision {
  /** Every `api.access.deny` call, in order. */
  readonly denies: readonly unknown[][];
  readonly customClaims: Readonly<Record<string, unknown>>;
  readonly error?: Error;
}

/**
 * One Auth0 Action: the code loaded once as CommonJS (as a warm Action container keeps
 * it), each run called with `event` and an `api` that records every decision.
 */
export class ActionContainer {
  private readonly exports: Record<string, unknown>;

  constructor(readonly code: string) {
    const module = { exports: {} as Record<string, unknown> };
    const context = createContext(withMutationTesting({ ...nodeGlobals([]), module, exports: module.exports, require: builtinRequire }));
    new Script(code, { filename: "auth0-action.js" }).runInContext(context);
    this.exports = module.exports;
  }

  /** The exported handler itself, for callers that bring their own `api` (benchmarks). */
  handler(name: string): (event: object, api: object) => Promise<void> {
    const handler = this.exports[name];
    if (typeof handler !== "function") throw new Error(`the Action does not export ${name}`);
    return handler as (event: object, api: object) => Promise<void>;
  }

  async run(handler: string, event: Record<string, unknown>): Promise<ActionDecision> {
    const denies: unknown[][] = [];
    const customClaims: Record<string, unknown> = {};
    const api = {
      access: { deny: (...args: unknown[]) => void denies.push(args) },
      accessToken: {
        setCustomClaim: (name: string, value: unknown) => {
          customClaims[name] = value;
        },
      },
    };
    const run = this.handler(handler);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        run(event, api),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`Auth0 abandoned the Action after ${AUTH0_CALL_LIMIT_MS} ms`)), AUTH0_CALL_LIMIT_MS);
        }),
      ]);
      return { denies, customClaims };
    } catch (error) {
      return { denies, customClaims, error: error as Error };
    } finally {
      clearTimeout(timer);
    }
  }
}
