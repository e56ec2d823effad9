/** Only a path on this site: never `//host`, `/\host` or a scheme, so sign-in cannot redirect elsewhere. */
export function safeNext(next: unknown): string {
  return typeof next === "string" && /^\/(?![/\\])/.test(next) && !/[\u0000-\u001f]/.test(next) ? next : "/";
}
