import { useEffect, useRef } from 'react';
import type { TPublicDish, TPublicMenu, TPublicSources } from '@canteen/shared';
import { monthDay } from '../lib/dates';
import { FOOD_GROUP_LABELS, SUPPLIER_KIND_LABELS } from '../lib/labels';

type Lot = TPublicSources['ingredients'][number]['lots'][number];

/** The lots of one ingredient grouped by supplier and farm base, newest delivery first. */
function bySource(lots: Lot[]) {
  const groups = new Map<string, { supplierId: string; farmBaseId: string | null; lots: Lot[] }>();
  for (const lot of lots) {
    const key = `${lot.supplierId}/${lot.farmBaseId ?? ''}`;
    const group = groups.get(key) ?? {
      supplierId: lot.supplierId,
      farmBaseId: lot.farmBaseId,
      lots: [],
    };
    group.lots.push(lot);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** 这道菜的食材从哪里来: the dish → its ingredients → the lots accepted lately → their suppliers and farm bases. */
export function DishSheet({
  dish,
  menu,
  sources,
  onClose,
}: {
  dish: TPublicDish;
  menu: TPublicMenu;
  sources: TPublicSources | undefined;
  onClose: () => void;
}) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    closeRef.current?.focus();
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    document.body.classList.add('no-scroll');
    return () => {
      document.removeEventListener('keydown', onKey);
      document.body.classList.remove('no-scroll');
    };
  }, [onClose]);

  const suppliers = new Map(sources?.suppliers.map((s) => [s.id, s]) ?? []);
  const farmBases = new Map(
    sources?.suppliers.flatMap((s) => s.farmBases.map((f) => [f.id, f] as const)) ?? [],
  );
  const ingredients = dish.ingredientIds
    .map((id) => menu.ingredients.find((i) => i.id === id))
    .filter((i): i is TPublicMenu['ingredients'][number] => !!i);

  return (
    <div className="sheet-backdrop" onClick={onClose}>
      <div
        className="sheet"
        role="dialog"
        aria-modal="true"
        aria-labelledby="sheet-title"
        onClick={(event) => event.stopPropagation()}
      >
        <div className="sheet-head">
          <h2 id="sheet-title">{dish.name} · 食材来源</h2>
          <button
            ref={closeRef}
            type="button"
            className="sheet-close"
            onClick={onClose}
            aria-label="关闭"
          >
            ×
          </button>
        </div>
        {!sources ? <p className="muted">本食堂未公示食材来源。</p> : null}
        <ul className="trace-list">
          {ingredients.map((ingredient) => {
            const lots =
              sources?.ingredients.find((i) => i.ingredientId === ingredient.id)?.lots ?? [];
            return (
              <li key={ingredient.id} className="trace-item">
                <div className="trace-ingredient">
                  {ingredient.name}
                  <span className="muted small"> {FOOD_GROUP_LABELS[ingredient.category]}</span>
                </div>
                {sources && lots.length === 0 ? (
                  <p className="muted small">近 30 天没有这种食材的验收记录（可能为库存食材）。</p>
                ) : null}
                {bySource(lots).map((group) => {
                  const supplier = suppliers.get(group.supplierId);
                  const farm = group.farmBaseId ? farmBases.get(group.farmBaseId) : undefined;
                  return (
                    <div key={`${group.supplierId}/${group.farmBaseId}`} className="trace-source">
                      <div className="trace-supplier">
                        {supplier?.name ?? '供货单位'}
                        {supplier ? (
                          <span className="muted small">
                            {' '}
                            {SUPPLIER_KIND_LABELS[supplier.kind]}
                          </span>
                        ) : null}
                      </div>
                      {farm ? (
                        <div className="trace-farm">
                          产地：{farm.name}（{farm.region}）
                        </div>
                      ) : null}
                      <div className="muted small">
                        {group.lots
                          .map((lot) => `${monthDay(lot.receivedOn)}验收 批次 ${lot.lotCode}`)
                          .join('；')}
                      </div>
                    </div>
                  );
                })}
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
