// The bundle's one stylesheet, inlined in every page (a page opened from disk cannot fetch one under
// its no-network policy). The dashboard's palette and type, without its interactive parts.
export const BUNDLE_CSS = `
:root{--bg:#fbfbfa;--fg:#1d1f21;--muted:#5f6368;--line:#dedede;--accent:#2458c6;--good:#1b7f3b;--bad:#b3261e;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
*{box-sizing:border-box}body{margin:0}a{color:var(--accent)}
.topbar{display:flex;align-items:center;gap:2rem;padding:.75rem 1.5rem;border-bottom:1px solid var(--line);background:#fff}
.brand{font-weight:700}.muted{color:var(--muted)}
main{max-width:1280px;margin:0 auto;padding:1.25rem 1.5rem 3rem}
h1{font-size:1.5rem;margin:.25rem 0 .5rem;overflow-wrap:anywhere}h2{font-size:1.1rem;margin:1.75rem 0 .5rem}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:.5rem 1.5rem;margin:1rem 0}
.facts div{border-left:3px solid var(--line);padding-left:.6rem}.facts dt{font-size:.8rem;color:var(--muted)}
.facts dd{margin:0;font-size:1.05rem;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;color:var(--muted);background:#fff;position:sticky;top:0}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.hyp{max-width:56ch;overflow-wrap:anywhere}.better{color:var(--good)}.worse{color:var(--bad)}
.label{display:inline-block;padding:0 .4rem;margin:.1rem .15rem .1rem 0;border-radius:.6rem;color:#fff;font-size:.8rem;line-height:1.4}
.curve{margin:0}.curve svg{width:100%;height:auto;background:#fff;border:1px solid var(--line)}
.grid{stroke:#eee}.tick{font-size:11px;fill:var(--muted)}.dot{fill:#9bb3e3}.dot.best{fill:var(--accent)}.dot.outlier{fill:#fff;stroke:var(--muted)}
.best-line{fill:none;stroke:var(--accent);stroke-width:1.5}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;border:1px solid var(--line);padding:.75rem;font-size:.85rem}
pre.diff{white-space:pre;overflow-x:auto}pre.diff span{display:block}
.d-add{background:#e6ffec}.d-del{background:#ffebe9}.d-hunk{color:#6f42c1;background:#f6f8fa}.d-file{font-weight:600;background:#f6f8fa}
.notice{background:#fff8e1;border:1px solid #f0d98c;padding:.5rem .75rem}
ul.links{padding-left:1.2rem}
`.trim();
