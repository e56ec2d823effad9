// A small HTTP client over node:http with kept-alive connections, timing each request from its
// start to the last byte of the answer.
import http from "node:http";
import { performance } from "node:perf_hooks";

type Reply = { status: number; bytes: number; ms: number; text: string };
type RequestOptions = {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** a new connection, never a pooled one (for polling a server that is starting) */
  fresh?: boolean;
  timeoutMs?: number;
  /** keep the answer's text (otherwise only its size is counted) */
  keepText?: boolean;
};

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

export function request(base: string, path: string, o: RequestOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(new URL(path, base), { method: o.method ?? "GET", headers: o.headers, agent: o.fresh ? false : agent }, (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on("data", (c: Buffer) => {
        bytes += c.length;
        if (o.keepText) chunks.push(c);
      });
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, bytes, ms: performance.now() - started, text: o.keepText ? Buffer.concat(chunks).toString("utf8") : "" }),
      );
      res.on("error", reject);
    });
    req.setTimeout(o.timeoutMs ?? 60_000, () => req.destroy(new Error(`timed out: ${path}`)));
    req.on("error", reject);
    req.end(o.body);
  });
}

/** GET returning parsed JSON; anything but 200 is an error naming the answer. */
export async function getJson<T>(base: string, path: string): Promise<T> {
  const r = await request(base, path, { keepText: true });
  if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${r.text.slice(0, 300)}`);
  return JSON.parse(r.text) as T;
}

export const closeConnections = () => agent.destroy();
