import { Prisma } from '@/generated/prisma/client';
import type { AuditWriter } from '@/common/audit/audit.writer';
import type { AppConfig } from '@/common/config/config';
import type { SettingsService } from '@/modules/settings/settings.service';
import type { NutritionRepository } from './nutrition.repository';
import { NutritionService } from './nutrition.service';

function serviceWith(ingredient: { unit: string; gramsPerUnit: number | null; ediblePercent: number | null }) {
  const row = {
    id: 'i1',
    unit: ingredient.unit,
    gramsPerUnit: ingredient.gramsPerUnit === null ? null : new Prisma.Decimal(ingredient.gramsPerUnit),
    food: ingredient.ediblePercent === null ? null : { ediblePercent: new Prisma.Decimal(ingredient.ediblePercent) },
  };
  const repository = { findIngredient: jest.fn().mockResolvedValue(row) } as unknown as NutritionRepository;
  return new NutritionService(repository, {} as SettingsService, {} as AuditWriter, {} as AppConfig);
}

describe('NutritionService.purchaseGrams', () => {
  it('divides by the edible portion, then by the grams in a stock unit', async () => {
    // 174 g of cabbage's edible part at 87 % edible is 200 g as bought, 0.2 kg.
    expect(await serviceWith({ unit: 'kg', gramsPerUnit: null, ediblePercent: 87 }).purchaseGrams('i1', 174)).toMatchObject({
      purchaseGrams: 200,
      ediblePercentKnown: true,
      unit: 'kg',
      stockQuantity: 0.2,
    });
  });

  it('uses an ingredient’s own grams per unit (a box of 24 cartons of milk weighs 4944 g)', async () => {
    const conversion = await serviceWith({ unit: 'box', gramsPerUnit: 4944, ediblePercent: 100 }).purchaseGrams('i1', 1236);
    expect(conversion.stockQuantity).toBeCloseTo(0.25, 10);
  });

  it('assumes 100 % edible without a linked food, and has no stock quantity for a box of unknown weight', async () => {
    expect(await serviceWith({ unit: 'box', gramsPerUnit: null, ediblePercent: null }).purchaseGrams('i1', 50)).toMatchObject({
      ediblePercent: 100,
      ediblePercentKnown: false,
      purchaseGrams: 50,
      stockQuantity: null,
    });
  });
});
