// Path globs of task records (protectedPaths, surfaces, domains, artifact): `**` spans folders, `*`
// and `?` stay within one name, a trailing `/` means everything under that folder, a pattern that
// matches a folder covers what is under it, and a pattern without any `/` matches a name at any
// depth (as in .gitignore). The one matcher of the runner and the audit alike.

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
  // as in .gitignore, a pattern that names a folder also covers everything under it
  return new RegExp(anyDepth ? `(?:^|/)${out}(?:/.*)?$` : `^${out}(?:/.*)?$`);
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
