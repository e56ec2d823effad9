// The client's address as the server saw it. Next.js puts the socket's address in X-Forwarded-For
// when the request has none; a proxy in front appends the address it saw, so the last entry is the
// nearest hop's view. A client talking to Lineage directly can send its own X-Forwarded-For, so the
// address is a throttling key and a note in the log, never a proof of identity.
export function clientAddress(headers: Headers): string {
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const last = hops[hops.length - 1] ?? "unknown";
  // Only address-like text goes into keys and events (IPv4, IPv6, an IPv4-mapped IPv6).
  return /^[0-9a-fA-F:.]{1,64}$/.test(last) ? last.replace(/^::ffff:(?=\d+\.)/, "") : "unknown";
}
