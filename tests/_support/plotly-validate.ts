/**
 * plotly.js's own figure validation (`Plotly.validate(data, layout)`: every key checked against the
 * plot schema of plotly.js), loaded in Bun without a browser: plotly probes the DOM when its bundle
 * loads, which a permissive stand-in satisfies (validation itself touches no DOM).
 */
type Issue = { code: string; container: string; trace: number | null; path: (string | number)[]; msg: string };
type Plotly = { validate(data: unknown[], layout: unknown): Issue[] | undefined };

function permissive(): unknown {
  const fn = () => permissive();
  return new Proxy(fn, {
    get(_t, key) {
      if (key === Symbol.toPrimitive) return () => "";
      if (key === Symbol.iterator) return function* () {};
      if (key === "then") return undefined;
      if (key === "length") return 0;
      return permissive();
    },
    set: () => true,
    apply: () => permissive(),
    construct: () => permissive() as object,
  });
}

let plotly: Plotly | null = null;

/** Runs `fn` with the browser globals plotly reads (at load and while validating), then removes them. */
function withBrowserGlobals<T>(fn: () => T): T {
  const g = globalThis as Record<string, unknown>;
  const names = ["window", "document", "DOMParser", "self", "getComputedStyle", "HTMLElement", "SVGElement", "Element"];
  const saved = Object.fromEntries(names.map((k) => [k, g[k]]));
  g.window = g;
  g.self = g;
  g.document = permissive();
  g.getComputedStyle = () => permissive();
  // Constructed with `new`: functions, not arrows.
  g.DOMParser = function DOMParser() {
    return permissive();
  };
  for (const k of ["HTMLElement", "SVGElement", "Element"]) g[k] = function Element() {};
  try {
    return fn();
  } finally {
    // Leave no browser globals behind for other tests.
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete g[k];
      else g[k] = v;
    }
  }
}

/** The schema issues plotly.js reports for a figure (empty when it is valid). */
export function plotlyIssues(figure: { data: unknown[]; layout: unknown }): string[] {
  return withBrowserGlobals(() => {
    plotly ??= require("plotly.js-dist-min") as Plotly;
    return (plotly.validate(figure.data, figure.layout) ?? []).map((i) => i.msg);
  });
}
