import { ZDeliveryAcceptedEvent } from '@canteen/shared';
import { z } from 'zod';
import { systemScope } from '@/common/tenancy/scope';
import { defineRule } from '../rule';
import { percentText, yuanText } from './rule-text';

/** The reference is the median over this many days before the acceptance. */
const REFERENCE_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * 成本管控: a price far above what the city's other canteens paid for the same ingredient lately
 * is worth an explanation. The reference is the median unit price of the accepted delivery lines
 * of that ingredient across the city's canteens over the last 30 days (this delivery left out), so
 * one odd price does not move it.
 */
export const unitPriceAboveReference = defineRule({
  id: 'unit-price-above-reference',
  name: { zh: '采购单价高于参考价', en: 'Unit price above the reference' },
  description: {
    zh: `验收接收的食材单价高于全市各食堂近 ${REFERENCE_DAYS} 天同一食材验收单价的中位数（默认超过 20%）；参考样本不足时不判断。`,
    en: `An accepted unit price is above the median price of the same ingredient accepted by the city's canteens over the last ${REFERENCE_DAYS} days (default by more than 20 %); not judged without enough samples.`,
  },
  severity: 'warning',
  responsibleLevel: 'school',
  thresholds: {
    schema: z.object({
      markupPercent: z.number().min(0).max(500).default(20),
      minSamples: z.number().int().min(1).max(100).default(3),
    }),
    fields: {
      markupPercent: { label: { zh: '高于参考价', en: 'Above the reference by more than' }, unit: '%', tighter: 'lower' },
      minSamples: { label: { zh: '参考样本至少', en: 'Reference samples at least' }, unit: '条', tighter: 'lower' },
    },
  },
  trigger: { events: ['delivery.accepted'] },
  async evaluate(context, input) {
    if (input.kind !== 'event') return [];
    const parsed = ZDeliveryAcceptedEvent.safeParse(input.event.payload);
    if (!parsed.success || !input.event.orgPath) return [];
    const delivery = parsed.data;
    const accepted = delivery.lines.filter((line) => line.decision === 'accept');
    if (accepted.length === 0) return [];
    const city = await context.queries.ancestorAt(systemScope(), input.event.orgPath, 'city');
    if (!city) return [];
    const { markupPercent, minSamples } = await context.thresholds(delivery.canteenId);
    const until = new Date(delivery.acceptedAt);
    const references = new Map(
      (
        await context.queries.referencePrices(
          systemScope(city.path),
          [...new Set(accepted.map((line) => line.ingredientId))],
          new Date(until.getTime() - REFERENCE_DAYS * DAY_MS),
          until,
          delivery.manifestId,
        )
      ).map((reference) => [reference.ingredientId, reference]),
    );
    const above = accepted.flatMap((line) => {
      const reference = references.get(line.ingredientId);
      if (!reference || reference.samples < minSamples || reference.medianFen <= 0) return [];
      const markup = line.unitPriceFen / reference.medianFen - 1;
      if (markup <= markupPercent / 100) return [];
      return [{ lineNo: line.lineNo, ingredientId: line.ingredientId, ingredientName: line.ingredientName, unit: line.unit, unitPriceFen: line.unitPriceFen, referenceFen: Math.round(reference.medianFen), samples: reference.samples, markup: Math.round(markup * 10_000) / 10_000 }];
    });
    if (above.length === 0) return [];
    const describe = (line: (typeof above)[number], lang: 'zh' | 'en') =>
      lang === 'zh'
        ? `${line.ingredientName} ${yuanText(line.unitPriceFen).zh}/${line.unit}，参考价 ${yuanText(line.referenceFen).zh}（高 ${percentText(line.markup)}）`
        : `${line.ingredientName} ${yuanText(line.unitPriceFen).en}/${line.unit}, reference ${yuanText(line.referenceFen).en} (+${percentText(line.markup)})`;
    return [
      {
        dedupeKey: `canteen:${delivery.canteenId}:manifest:${delivery.manifestId}:price`,
        subjectUnitId: delivery.canteenId,
        occurredAt: until,
        title: {
          zh: `采购单价高于全市参考价：${above.map((line) => line.ingredientName).join('、')}`,
          en: `Unit price above the city reference: ${above.map((line) => line.ingredientName).join(', ')}`,
        },
        summary: {
          zh: `送货单 ${delivery.code}（${delivery.supplier.name}）：${above.map((line) => describe(line, 'zh')).join('；')}。阈值 ${markupPercent}%。`,
          en: `Manifest ${delivery.code} (${delivery.supplier.name}): ${above.map((line) => describe(line, 'en')).join('; ')}. Threshold ${markupPercent} %.`,
        },
        detail: {
          manifestId: delivery.manifestId,
          code: delivery.code,
          supplier: delivery.supplier,
          deliveryDate: delivery.deliveryDate,
          city: { id: city.id, name: city.name },
          referenceDays: REFERENCE_DAYS,
          thresholds: { markupPercent, minSamples },
          lines: above,
        },
      },
    ];
  },
});
