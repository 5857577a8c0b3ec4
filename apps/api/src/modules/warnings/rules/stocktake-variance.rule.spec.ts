import type { TStocktakeVarianceEvent } from '@canteen/shared';
import { ruleHarness, thresholdRefusal } from '@test/support/rule-harness';
import { stocktakeVariance as rule } from './stocktake-variance.rule';

type Line = TStocktakeVarianceEvent['lines'][number];
const TYPE = 'ledger.stocktake-variance';
const line = (ingredientId: string, book: string, counted: string, share: number | null, varianceFen: number): Line => ({
  batchId: `batch-${ingredientId}`,
  ingredientId,
  book,
  counted,
  variance: String(Number(counted) - Number(book)),
  share,
  varianceFen,
});
const stocktake = (lines: Line[]): TStocktakeVarianceEvent => ({ stocktakeId: 'st-1', canteenId: 'canteen-1', lines });
const queries = { ingredientNames: async () => new Map([['cabbage', '白菜'], ['pork', '猪肉'], ['rice', '大米']]) };

describe('stocktake-variance rule', () => {
  it('raises one alert per stocktake for lines off by more than 5 % of the book, and for stock found off the book', async () => {
    const [alert, ...more] = await ruleHarness(rule, { queries }).event(TYPE, stocktake([line('cabbage', '18', '20', 0.1111, 600), line('pork', '10', '9.6', 0.04, -1040), line('rice', '0', '5', null, 2500)]));
    expect(more).toHaveLength(0);
    expect(alert).toMatchObject({
      dedupeKey: 'canteen:canteen-1:stocktake:st-1',
      subjectUnitId: 'canteen-1',
      title: { zh: '盘点差异超过 5%：白菜、大米' },
      summary: { zh: '账面 → 实盘：白菜 18 → 20 (+11.1%)；大米 0 → 5。差异金额合计 31.00 元。' },
      detail: { variancePercent: 5, valueFen: 3100 },
    });
  });

  it('stays quiet when every line is within the threshold', async () => {
    expect(await ruleHarness(rule, { queries }).event(TYPE, stocktake([line('pork', '10', '9.6', 0.04, -1040)]))).toEqual([]);
  });

  it('applies a threshold tightened by the city and again by the county; a school cannot loosen it', async () => {
    const city = { [rule.id]: { variancePercent: 4 } };
    const county = { [rule.id]: { variancePercent: 3 } };
    const [alert] = await ruleHarness(rule, { queries, stored: [city, county] }).event(TYPE, stocktake([line('pork', '10', '9.6', 0.04, -1040)]));
    expect(alert!.summary!.zh).toContain('猪肉 10 → 9.6 (-4%)');
    expect(thresholdRefusal(rule, { variancePercent: 5 }, [city, county])).toContain('只能调低');
  });

  it('judges small variances against a county threshold tightened well below 5 %', async () => {
    const county = { [rule.id]: { variancePercent: 1 } };
    const event = stocktake([line('cabbage', '200', '199', 0.005, -300), line('rice', '30', '31', 0.0333, 500)]);
    const [alert, ...more] = await ruleHarness(rule, { queries, stored: [county] }).event(TYPE, event);
    expect(more).toHaveLength(0);
    expect(alert).toMatchObject({ title: { zh: '盘点差异超过 1%：大米' }, detail: { variancePercent: 1, valueFen: 500 } });
    expect(await ruleHarness(rule, { queries }).event(TYPE, event)).toEqual([]);
  });
});
