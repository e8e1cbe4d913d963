/**
 * The layer rule (README "Layers"): a file may import files of its own layer or of layers below it.
 * Product code, top to bottom; support code (dev/, bench/, tests/) sits on top and is never imported
 * by product code.
 */
const PRODUCT: [layer: string, prefixes: string[]][] = [
  ["entries", ["src/index.ts", "src/cloudflare.ts", "src/pool-thread.ts", "scripts/"]],
  ["composition", ["src/compose.ts", "src/compose-downloads.ts", "src/compose-jobs.ts", "src/env.ts"]],
  ["app", ["src/app.ts"]],
  ["routes", ["routes/", "src/openapi/"]],
  ["http", ["src/http/", "src/services.ts"]],
  ["transport", ["src/transport/"]],
  ["jobs", ["jobs/"]],
  ["features", ["src/features/", "src/volumes/", "src/downloads/"]],
  ["serializers", ["src/serialize/"]],
  ["datasets", ["src/datasets/"]],
  ["atlas", ["src/atlas/"]],
  ["infrastructure", ["src/cache/", "src/metrics/", "src/config/"]],
  ["lib", ["src/lib/", "src/errors.ts"]],
];

/** Support code: tests may use everything, benchmarks everything but tests, dev tools only product code. */
const SUPPORT: [layer: string, prefixes: string[], mayUse: string[]][] = [
  ["tests", ["tests/"], ["tests", "bench", "dev"]],
  ["bench", ["bench/"], ["bench", "dev"]],
  ["dev", ["dev/"], ["dev"]],
];

const rankOf = new Map(PRODUCT.map(([layer], i) => [layer, PRODUCT.length - i]));

export function layerOf(file: string): string {
  for (const [layer, prefixes] of [...PRODUCT, ...SUPPORT.map(([l, p]) => [l, p] as const)]) {
    if (prefixes.some((p) => file === p || (p.endsWith("/") && file.startsWith(p)))) return layer;
  }
  return "unassigned";
}

/**
 * The job abstraction: what a job is, the queue names, what a job may use. The transport carries jobs
 * through these alone; the definitions (every other file of jobs/) and their registry are handed to it
 * by the composition root, so a transport never depends on what the jobs do.
 */
const JOB_ABSTRACTION = new Set(["jobs/job.ts", "jobs/queues.ts", "jobs/context.ts"]);

/** Why `from → to` breaks the rule, or null when it holds. */
export function violation(from: string, to: string): string | null {
  if (from.startsWith("src/transport/") && to.startsWith("jobs/") && !JOB_ABSTRACTION.has(to)) {
    return "the transport may not import a job definition (only jobs/job.ts, jobs/queues.ts, jobs/context.ts)";
  }
  const a = layerOf(from);
  const b = layerOf(to);
  if (a === "unassigned" || b === "unassigned") return `no layer for ${a === "unassigned" ? from : to}`;
  const support = SUPPORT.find(([layer]) => layer === a);
  if (support) {
    if (rankOf.has(b) || support[2].includes(b)) return null;
    return `${a} may not import ${b}`;
  }
  if (!rankOf.has(b)) return `product code may not import ${b}`;
  return rankOf.get(b)! > rankOf.get(a)! ? `${a} may not import ${b}, a layer above it` : null;
}

/** Import circles: strongly connected components with more than one file (or a file importing itself). */
export function cyclesOf(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}
