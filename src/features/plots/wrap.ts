/**
 * Python `textwrap.wrap(text, width)` for titles: greedy line filling on whitespace, words longer
 * than the width broken, leading/trailing whitespace of lines dropped.
 */
export function wrapText(text: string, width = 40): string[] {
  const words = text.split(/\s+/).filter((w) => w !== "");
  const lines: string[] = [];
  let line = "";
  for (let word of words) {
    while (word.length > width) {
      const room = line === "" ? width : width - line.length - 1;
      if (room <= 0) {
        lines.push(line);
        line = "";
        continue;
      }
      const head = word.slice(0, room);
      line = line === "" ? head : `${line} ${head}`;
      lines.push(line);
      line = "";
      word = word.slice(room);
    }
    if (line === "") line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}
