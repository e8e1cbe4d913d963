/**
 * `Upstash-Retry-Delay` expressions: milliseconds as arithmetic over the variable `retried` with
 * `pow sqrt abs exp floor ceil round min max`, e.g. `pow(2, retried) * 1000`. A tiny recursive-descent parser,
 * so a bad expression is rejected at publish time (400) as the real service does, and nothing is `eval`ed.
 */

type Node = (retried: number) => number;

const FUNCTIONS: Record<string, (...args: number[]) => number> = {
  pow: Math.pow,
  sqrt: Math.sqrt,
  abs: Math.abs,
  exp: Math.exp,
  floor: Math.floor,
  ceil: Math.ceil,
  round: Math.round,
  min: Math.min,
  max: Math.max,
};

class Parser {
  private pos = 0;
  private readonly tokens: string[];

  constructor(source: string) {
    this.tokens = source.match(/\d+(?:\.\d+)?|[A-Za-z_]+|[-+*/(),]|\S/g) ?? [];
  }

  parse(): Node {
    const node = this.sum();
    if (this.pos < this.tokens.length) throw new Error(`unexpected '${this.tokens[this.pos]}'`);
    return node;
  }

  private peek(): string | undefined {
    return this.tokens[this.pos];
  }

  private take(expected?: string): string {
    const token = this.tokens[this.pos];
    if (token === undefined || (expected !== undefined && token !== expected)) {
      throw new Error(`expected ${expected ?? "a value"} at token ${this.pos + 1}`);
    }
    this.pos++;
    return token;
  }

  private sum(): Node {
    let left = this.product();
    for (let op = this.peek(); op === "+" || op === "-"; op = this.peek()) {
      this.take();
      const l = left;
      const r = this.product();
      left = op === "+" ? (n) => l(n) + r(n) : (n) => l(n) - r(n);
    }
    return left;
  }

  private product(): Node {
    let left = this.unary();
    for (let op = this.peek(); op === "*" || op === "/"; op = this.peek()) {
      this.take();
      const l = left;
      const r = this.unary();
      left = op === "*" ? (n) => l(n) * r(n) : (n) => l(n) / r(n);
    }
    return left;
  }

  private unary(): Node {
    if (this.peek() === "-") {
      this.take();
      const inner = this.unary();
      return (n) => -inner(n);
    }
    if (this.peek() === "+") this.take();
    return this.atom();
  }

  private atom(): Node {
    const token = this.take();
    if (/^\d/.test(token)) {
      const value = Number(token);
      return () => value;
    }
    if (token === "(") {
      const inner = this.sum();
      this.take(")");
      return inner;
    }
    if (token === "retried") return (n) => n;
    const fn = FUNCTIONS[token];
    if (!fn) throw new Error(`unknown identifier '${token}'`);
    this.take("(");
    const args: Node[] = [this.sum()];
    while (this.peek() === ",") {
      this.take();
      args.push(this.sum());
    }
    this.take(")");
    return (n) => fn(...args.map((arg) => arg(n)));
  }
}

/** Compiles an expression; throws with a readable message when it is invalid. */
export function compileRetryDelay(expression: string): (retried: number) => number {
  return new Parser(expression).parse();
}
