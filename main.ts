/**
 * The cdktf app (what `cdktf synth/diff/deploy` runs): one FacadeStack per stage file
 * in config/. It reads configuration and synthesizes stacks, nothing else.
 */
import { loadStages } from "./lib/config/load-stages";
import { synthesizeStages } from "./lib/stacks/synthesize-stages";

synthesizeStages(loadStages());
