import { describe, expect, test } from "bun:test";
import { getJson, testApp } from "../_support/app.ts";

const { app } = await testApp();
type Page = { items: { "@type": string; symbol: string; description: string }[]; total: number };
const genes = async (query: string) => (await getJson(app, `/v3_0/vocabularies/genes${query}`)).body as Page;

describe("/v3_0/vocabularies/genes (upstream e2e expectations)", () => {
  test("no find / empty find: every gene, first page of 50", async () => {
    const all = await genes("");
    expect(all.items.length).toBe(50);
    expect(all.total).toBe(29174);
    expect((await genes("?find=")).total).toBe(29174);
  });

  test("symbol containment, case-insensitive; an exact symbol gives only that gene", async () => {
    expect((await genes("?find=MA")).items.length).toBe(50);
    expect((await genes("?find=MAO")).items.map((g) => g.symbol)).toEqual(["MAOA", "MAOB"]);
    expect((await genes("?find=MAOC")).total).toBe(0);
    expect((await genes("?find=mao")).total).toBe(2);
    expect((await genes("?find=MAOA")).items).toEqual([
      { "@type": "siibra-0.4/vocabulary/gene", symbol: "MAOA", description: "monoamine oxidase A" },
    ]);
  });
});
