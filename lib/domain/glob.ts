// Path globs of task records (protectedPaths, surfaces, domains): `**` spans folders, `*` and `?`
// stay within one name, a trailing `/` means everything under that folder, and a pattern without
// any `/` matches a file name at any depth (as in .gitignore).

const cache = new Map<string, RegExp>();

function toRegExp(glob: string): RegExp {
  let g = glob.trim().replace(/^\.\//, "").replace(/^\//, "");
  if (g.endsWith("/")) g += "**";
  const anyDepth = !g.includes("/");
  let out = "";
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === "*" && g[i + 1] === "*") {
      // `**/` matches zero or more folders; a bare `**` matches anything
      if (g[i + 2] === "/") {
        out += "(?:.*/)?";
        i += 2;
      } else {
        out += ".*";
        i += 1;
      }
    } else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else out += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(anyDepth ? `(?:^|/)${out}$` : `^${out}(?:/.*)?$`);
}

export function matchesGlob(path: string, glob: string): boolean {
  let re = cache.get(glob);
  if (!re) {
    re = toRegExp(glob);
    if (cache.size > 5000) cache.clear();
    cache.set(glob, re);
  }
  return re.test(path.replace(/^\.\//, "").replace(/^\//, ""));
}

export const matchesAny = (path: string, globs: readonly string[] | undefined) => (globs ?? []).some((g) => matchesGlob(path, g));
