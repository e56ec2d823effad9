// The elements and attributes diff2html legitimately emits: all that either sanitiser lets through
// (the server's, on the HTML as a string, and the browser's, after syntax colouring).
const ALLOWED_LIST: Record<string, readonly string[]> = {
  div: ["class", "id", "data-lang"],
  span: ["class"],
  table: ["class"],
  tbody: ["class"],
  tr: ["class"],
  td: ["class"],
  ins: ["class"],
  del: ["class"],
  ol: ["class"],
  li: ["class"],
  a: ["class", "href"],
  label: ["class"],
  input: ["class", "type", "name", "value"],
  br: [],
  svg: ["class", "aria-hidden", "height", "width", "viewbox", "version", "title"],
  path: ["d"],
};

/** Allowed attributes by lower-case tag name. A Map, not the object: a tag named "constructor" must not find Object.prototype's. */
export const DIFF_ALLOWED = new Map(Object.entries(ALLOWED_LIST));
