import type { Agent } from "https";
import { containerGlobal } from "./auth0-runtime";
import { createPinnedAgent, createVerifiedAgent } from "./pinned-agent";
import type { FacadeSettings } from "./settings";

export interface CachedToken {
  readonly value: string;
  /** Epoch ms after which the token is fetched again, shortly before it expires. */
  readonly refreshAt: number;
}

/** What one warm container keeps between script calls, for one set of settings. */
export interface ContainerState {
  readonly key: string;
  readonly facadeAgent: Agent;
  readonly tokenAgent: Agent;
  token?: CachedToken;
  /** The token fetch under way, shared by concurrent calls so only one is made. */
  tokenRequest?: Promise<CachedToken>;
}

const GLOBAL_SLOT = "legacyFacadeState";

/**
 * The state for these settings, made anew when any setting changed (a rotated client
 * secret or certificate pin must not reuse a token or connection made with the old one).
 */
export function containerState(settings: FacadeSettings): ContainerState {
  const slot = containerGlobal();
  const existing = slot[GLOBAL_SLOT] as ContainerState | undefined;
  if (existing && existing.key === settings.cacheKey) return existing;
  existing?.facadeAgent.destroy();
  existing?.tokenAgent.destroy();
  const state: ContainerState = {
    key: settings.cacheKey,
    facadeAgent: settings.pins.length > 0 ? createPinnedAgent(settings.pins, settings.timeoutMs) : createVerifiedAgent(),
    tokenAgent: createVerifiedAgent(),
  };
  slot[GLOBAL_SLOT] = state;
  return state;
}
