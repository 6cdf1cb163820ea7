import type { Agent } from "https";
import { containerGlobal } from "./auth0-runtime";
import { createPinnedAgent, createVerifiedAgent } from "./pinned-agent";
import { readSettings, settingsKey, type FacadeSettings } from "./settings";

export interface CachedToken {
  readonly value: string;
  /** Epoch ms after which the token is fetched again, shortly before it expires. */
  readonly refreshAt: number;
}

/** What one warm container keeps between script calls, for one connection configuration. */
export interface ContainerState {
  readonly key: string;
  readonly settings: FacadeSettings;
  /** Facade operation URLs, by path, resolved once. */
  readonly urls: Map<string, URL>;
  readonly facadeAgent: Agent;
  readonly tokenAgent: Agent;
  token?: CachedToken;
  /** The token fetch under way, shared by concurrent calls so only one is made. */
  tokenRequest?: Promise<CachedToken>;
  /** Script calls using this state right now; its agents are closed only when none is. */
  inFlight: number;
  /** Evicted: no new call will use it, and its agents close once the last call ends. */
  retired: boolean;
}

/**
 * Auth0 gives every script of a container ONE `global`, whichever connection it belongs
 * to, and another version of these scripts may run in the same container during a
 * deploy: the slot is named with the version of its layout, and holds one state per
 * connection configuration.
 */
export const GLOBAL_SLOT = "auth0LegacyFacade.states.v2";

/**
 * How many configurations a container keeps state for: the connections of a tenant that
 * share it, plus the configurations a rotation leaves behind for a while.
 */
export const MAX_CONFIGURATIONS = 8;

function statesOf(slot: Record<string, unknown>): Map<string, ContainerState> {
  let states = slot[GLOBAL_SLOT] as Map<string, ContainerState> | undefined;
  // Not `instanceof Map`: each call may run in a new realm, with its own Map.
  if (typeof states?.get !== "function") {
    states = new Map();
    slot[GLOBAL_SLOT] = states;
  }
  return states as Map<string, ContainerState>;
}

function closeWhenIdle(state: ContainerState): void {
  if (!state.retired || state.inFlight > 0) return;
  state.facadeAgent.destroy();
  state.tokenAgent.destroy();
}

/**
 * The state for this configuration: checked settings, connections and the token. A
 * configuration with any other value (a rotated client secret or certificate pin, another
 * connection) gets its own, so nothing made with one is used with another; a
 * configuration that does not check out throws every time and leaves nothing behind.
 * Beyond MAX_CONFIGURATIONS, the least recently used state is retired.
 */
export function containerState(configuration: Readonly<Record<string, unknown>>): ContainerState {
  const states = statesOf(containerGlobal());
  const key = settingsKey(configuration);
  const existing = states.get(key);
  if (existing) {
    states.delete(key);
    states.set(key, existing);
    return existing;
  }
  const settings = readSettings(configuration);
  const state: ContainerState = {
    key,
    settings,
    urls: new Map(),
    facadeAgent: settings.pins.length > 0 ? createPinnedAgent(settings.pins, settings.timeoutMs) : createVerifiedAgent(),
    tokenAgent: createVerifiedAgent(),
    inFlight: 0,
    retired: false,
  };
  states.set(key, state);
  for (const [oldest, evicted] of states) {
    if (states.size <= MAX_CONFIGURATIONS) break;
    states.delete(oldest);
    evicted.retired = true;
    closeWhenIdle(evicted);
  }
  return state;
}

/**
 * Runs one script call with the state of its configuration, counted as in flight so
 * that retiring the state never closes a connection this call is using.
 */
export async function withContainerState<T>(configuration: Readonly<Record<string, unknown>>, use: (state: ContainerState) => Promise<T>): Promise<T> {
  const state = containerState(configuration);
  state.inFlight++;
  try {
    return await use(state);
  } finally {
    state.inFlight--;
    closeWhenIdle(state);
  }
}

/** The URL of a facade path under the configured base URL, resolved once per state. */
export function facadeUrl(state: ContainerState, path: string): URL {
  let url = state.urls.get(path);
  if (!url) {
    const base = state.settings.facadeUrl;
    url = new URL(base.pathname.replace(/\/+$/, "") + path, base);
    state.urls.set(path, url);
  }
  return url;
}
