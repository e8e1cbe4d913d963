/**
 * Import-graph check (`npm run check:layers`): reads every TypeScript file of the project, follows each
 * relative import (value and type-only, static and dynamic, re-exports), then reports import circles
 * and imports that break the layer rule of the README. Exit code 1 on any finding.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { cyclesOf, layerOf, violation } from "./layers.ts";

const ROOT = resolve(import.meta.dir, "..");
const FOLDERS = ["src", "jobs", "routes", "dev", "bench", "scripts", "tests"];
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)/g;
const SIDE_EFFECT = /(?:^|[\s;])import\s*["']([^"']+)["']/g;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "fixtures") continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else if (/\.tsx?$/.test(name) && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

function importsOf(file: string, source: string): string[] {
  const specs = [...source.matchAll(IMPORT)].map((m) => m[1] ?? m[2]);
  specs.push(...[...source.matchAll(SIDE_EFFECT)].map((m) => m[1]));
  return specs
    .filter((s) => s.startsWith("."))
    .map((s) => relative(ROOT, resolve(dirname(file), s)))
    .filter((target) => !target.startsWith("build/"));
}

const graph = new Map<string, string[]>();
for (const folder of FOLDERS) {
  for (const file of filesUnder(join(ROOT, folder))) {
    const source = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, "");
    graph.set(relative(ROOT, file), importsOf(file, source));
  }
}

const problems: string[] = [];
for (const [from, targets] of graph) {
  for (const to of targets) {
    if (!graph.has(to)) problems.push(`unresolved import: ${from} → ${to}`);
    const broken = violation(from, to);
    if (broken) problems.push(`layer: ${from} → ${to} (${broken})`);
  }
}
for (const cycle of cyclesOf(graph)) problems.push(`circle of ${cycle.length}: ${cycle.join(" → ")}`);

const layers = new Set([...graph.keys()].map(layerOf));
console.log(`${graph.size} files, ${[...graph.values()].flat().length} imports, ${layers.size} layers`);
for (const p of problems) console.log(p);
if (problems.length) {
  console.log(`${problems.length} problem(s)`);
  process.exit(1);
}
console.log("no import circles, no layer violations");
