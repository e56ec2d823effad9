/** The header a cookie-authenticated write echoes the session's CSRF token in (browser and server agree on it here). */
export const CSRF_HEADER = "x-lineage-csrf";
