/**
 * The toolkit as a library, for a cdktf app of your own: one stack per stage, the
 * constructs it is made of, stage validation, bundling of the code Auth0 runs, and the
 * security review of what was synthesized.
 *
 *   const config = parseStageConfig("prod", { tenant: { ... }, facade: { ... }, ... });
 *   new StageStack(app, "prod", { config });
 */
export { StageStack, type StageStackProps } from "./stacks/stage-stack";
export { synthesizeStages } from "./stacks/synthesize-stages";

export { ProtectedApi, type ApiScope, type ProtectedApiProps } from "./constructs/protected-api";
export { ScriptsClient, type ClientAuthentication, type ScriptsClientProps } from "./constructs/scripts-client";
export { CustomDatabase, type CustomDatabaseProps, type FacadeScriptSettings } from "./constructs/custom-database";
export { ExchangeGuard, type ExchangeGuardProps } from "./constructs/exchange-guard";
export { LoginGuard, type LoginGuardProps } from "./constructs/login-guard";
export { OutboundIpAllowlist } from "./constructs/outbound-ip-allowlist";
export { ConstructValidationError, type ValidationCode } from "./constructs/construct-error";

export { loadStages, parseStageConfig } from "./config/load-stages";
export type { StageConfig } from "./config/stage-config";
export { InputError, type InputProblem } from "./input-error";

export { bundleRuntimeCode, type RuntimeBundles } from "./bundling/runtime-bundles";
export type { Bundle } from "./bundling/bundle";

export { loadReviewInput } from "./review/review-input";
export { reviewStage, passes, countFindings, type StageReview } from "./review/review-stage";
export { reviewAndWriteReports, reviewResultLines } from "./review/review-stages";
export type { Finding } from "./review/finding";
export { ruleIds } from "./review/pack";
