import { describe, expect, test } from "bun:test";
import { sequenceRatio } from "../../src/atlas/difflib.ts";

// Expected values from CPython 3.11.7: difflib.SequenceMatcher(None, a, b).ratio().
const SHORT: [string, string, number][] = [
  ["", "", 1.0],
  ["a", "", 0.0],
  ["", "abc", 0.0],
  ["abcd", "bcde", 0.75],
  ["abxcd", "abcd", 0.8888888888888888],
  ["Area hOc1 (V1, 17, CalcS)", "hoc1", 0.20689655172413793],
  ["Area hOc1 (V1, 17, CalcS) left", "hoc1", 0.17647058823529413],
  ["private Thread currentThread;", "private volatile Thread currentThread;", 0.8656716417910447],
  ["Julich-Brain Cytoarchitectonic Atlas (v3.1)", "1", 0.045454545454545456],
  ["Area 1 (PostCG)", "1", 0.125],
  ["µm Åreа ünïcode", "Area unicode µ", 0.5517241379310345],
  ["😀ab😀", "ab😀", 0.8571428571428571],
];

const FOX = "the quick brown fox jumps over the lazy dog ".repeat(6).slice(0, 230);

const LONG: [string, string, string, number][] = [
  ["popular chars purged, no anchor", "quick brown dog over the lazy fox", FOX, 0.0],
  ["match extended over popular chars", FOX.slice(0, 150), FOX, 0.7894736842105263],
  [
    "random, b >= 200",
    "c dbacd  d b b  adb abbbd a ac   da abbcaa d aadc    bcd  d b c bdbdaddcabdabcabcbcbdbaddbbbd dcdbccacac ddadc  c aabaac",
    " bcaaa abaaccabacaabacabab cba bab aaabcc cc  bbba c c aacb bccaa   ccaa caa c c ac bacab bbcccabcc bc c cbbabbbbacb  abc  bacccccaccababcba aaaba aabcb   caacccc aba  cbab ba a  b b bbbcbbc aa c b c  ababcb bcac aacbcbc acccabbbabcbc bbaaabcbba b b ",
    0.0,
  ],
  [
    "random, a >= 200 (no autojunk)",
    " bcaaa abaaccabacaabacabab cba bab aaabcc cc  bbba c c aacb bccaa   ccaa caa c c ac bacab bbcccabcc bc c cbbabbbbacb  abc  bacccccaccababcba aaaba aabcb   caacccc aba  cbab ba a  b b bbbcbbc aa c b c  ababcb bcac aacbcbc acccabbbabcbc bbaaabcbba b b ",
    "c dbacd  d b b  adb abbbd a ac   da abbcaa d aadc    bcd  d b c bdbdaddcabdabcabcbcbdbaddbbbd dcdbccacac ddadc  c aabaac",
    0.06486486486486487,
  ],
  ["199 elements: no autojunk", "xxxxx", "x".repeat(199), 0.049019607843137254],
  ["200 elements: autojunk", "xxxxx", "x".repeat(200), 0.04878048780487805],
];

describe("sequenceRatio", () => {
  test.each(SHORT)("%p vs %p", (a, b, expected) => {
    expect(sequenceRatio(a, b)).toBe(expected);
  });

  test.each(LONG)("%s", (_label, a, b, expected) => {
    expect(sequenceRatio(a, b)).toBe(expected);
  });
});
