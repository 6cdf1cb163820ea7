/** Auth0 rejects script and Action code larger than this. */
export const AUTH0_CODE_LIMIT_BYTES = 100 * 1024;
