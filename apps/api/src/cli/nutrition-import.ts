/**
 * `pnpm nutrition:import <file.csv> [--source=<text>]`: imports a food composition table (e.g. the
 * licensed 中国食物成分表 as UTF-8 CSV) through the same validator and store as
 * POST /api/nutrition/foods/import. A bad file is refused whole with its rows and columns named.
 */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { AuditWriter } from '@/common/audit/audit.writer';
import type { PrismaService } from '@/common/prisma/prisma.service';
import { PrismaClient } from '@/generated/prisma/client';
import { validateFoodCsv } from '@/modules/nutrition/food-import.validator';
import { NutritionRepository } from '@/modules/nutrition/nutrition.repository';
import { storeFoodTable } from '@/modules/nutrition/nutrition.service';

async function main(args: string[]): Promise<number> {
  const source = args.find((arg) => arg.startsWith('--source='))?.slice('--source='.length).trim();
  const file = args.find((arg) => !arg.startsWith('--'));
  if (!file) {
    console.error('usage: pnpm nutrition:import <file.csv> [--source=<where the values come from>]');
    return 2;
  }
  const data = readFileSync(path.resolve(process.env.INIT_CWD ?? process.cwd(), file));
  const result = validateFoodCsv(data, source ? { defaultSource: source } : {});
  if (!result.ok) {
    console.error(`${result.zh}\n${result.en}`);
    for (const issue of result.issues) console.error(`  ${issue.message}\n  ${issue.messageEn}`);
    return 1;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/canteen' }) });
  try {
    const counts = await storeFoodTable(
      new NutritionRepository(prisma as unknown as PrismaService),
      new AuditWriter(),
      { userId: null, displayName: null, ip: null, requestId: null },
      `cli:${os.userInfo().username}`,
      result.rows,
      { name: path.basename(file), sha256: createHash('sha256').update(data).digest('hex') },
    );
    console.log(`nutrition:import: ${result.rows.length} foods (${counts.created} new, ${counts.updated} updated)`);
    for (const skipped of result.skippedChecks) console.log(`  ${skipped.messageEn}`);
    return 0;
  } finally {
    await prisma.$disconnect();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
