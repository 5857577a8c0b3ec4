import { Injectable } from '@nestjs/common';
import type { Tx } from '@/common/prisma/prisma.service';
import { fromDay } from './delivery-rules';

export type DocumentKind = 'PO' | 'DN' | 'AL';

/** Codes like PO-20261129-0001 (purchase order), DN-20261129-0001 (delivery note, 送货单) and AL-20261129-0001 (alert, 预警). */
@Injectable()
export class DocumentCodes {
  async next(tx: Tx, kind: DocumentKind, day: string): Promise<string> {
    return (await this.nextMany(tx, kind, day, 1))[0]!;
  }

  /** `count` consecutive codes of one day, taking the day's counter once. */
  async nextMany(tx: Tx, kind: DocumentKind, day: string, count: number): Promise<string[]> {
    const prefix = `${kind}-${day.replaceAll('-', '')}-`;
    // Rows written without the counter (imports, seeds) are counted once, when the day's counter starts.
    const where = { code: { startsWith: prefix } };
    // Alerts are only ever raised through the counter.
    const latest =
      kind === 'PO'
        ? await tx.purchaseOrder.findFirst({
            where,
            orderBy: { code: 'desc' },
            select: { code: true },
          })
        : kind === 'DN'
          ? await tx.deliveryManifest.findFirst({
              where,
              orderBy: { code: 'desc' },
              select: { code: true },
            })
          : null;
    const highest = latest ? Number(latest.code.slice(prefix.length)) || 0 : 0;
    const row = await tx.documentSequence.upsert({
      where: { kind_day: { kind, day: fromDay(day) } },
      create: { kind, day: fromDay(day), lastValue: highest + count },
      update: { lastValue: { increment: count } },
      select: { lastValue: true },
    });
    return Array.from(
      { length: count },
      (_, i) => `${prefix}${String(row.lastValue - count + 1 + i).padStart(4, '0')}`,
    );
  }
}
