import type { Agent } from "https";
import { containerGlobal } from "./auth0-runtime";
import { createPinnedAgent, createVerifiedAgent } from "./pinned-agent";
import { readSettings, settingsKey, type FacadeSettings } from "./settings";

export interface CachedToken {
  readonly value: string;
  /** Epoch ms after which the token is fetched again, shortly before it expires. */
  readonly refreshAt: number;
}

/** What one warm container keeps between script calls, for one configuration. */
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
}

const GLOBAL_SLOT = "legacyFacadeState";

/**
 * The state for this configuration: checked settings, connections and the token. Made
 * anew when any configuration value changed (a rotated client secret or certificate pin
 * must not reuse a token or connection made with the old one); a configuration that does
 * not check out throws every time and leaves nothing behind.
 */
export function containerState(configuration: Readonly<Record<string, unknown>>): ContainerState {
  const slot = containerGlobal();
  const key = settingsKey(configuration);
  const existing = slot[GLOBAL_SLOT] as ContainerState | undefined;
  if (existing && existing.key === key) return existing;
  const settings = readSettings(configuration);
  existing?.facadeAgent.destroy();
  existing?.tokenAgent.destroy();
  const state: ContainerState = {
    key,
    settings,
    urls: new Map(),
    facadeAgent: settings.pins.length > 0 ? createPinnedAgent(settings.pins, settings.timeoutMs) : createVerifiedAgent(),
    tokenAgent: createVerifiedAgent(),
  };
  slot[GLOBAL_SLOT] = state;
  return state;
}

/** The URL of a facade path under the configured base URL, resolved once per container. */
export function facadeUrl(state: ContainerState, path: string): URL {
  let url = state.urls.get(path);
  if (!url) {
    const base = state.settings.facadeUrl;
    url = new URL(base.pathname.replace(/\/+$/, "") + path, base);
    state.urls.set(path, url);
  }
  return url;
}
