import { PrinterOutlined } from '@ant-design/icons';
import { Button, Result } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ALLERGEN_NAMES,
  MEALS,
  addDays,
  type AgeBand,
  type Allergen,
  type TPlan,
  type Verdict,
} from '@canteen/shared';
import { ErrorAlert } from '@/components/ui/error-alert';
import { PageLoading } from '@/components/ui/page-loading';
import { dayjs, formatDateTime } from '@/lib/format';
import { i18n } from '@/lib/i18n';
import { usePlan } from '../api/get-plan';
import { weekDays } from '../utils/plan-draft';
import './menus.css';

/** The wall copy is always Chinese, whatever language the console is in. */
const zh = i18n.getFixedT('zh-CN');

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

function chineseDate(day: string) {
  const d = dayjs(day);
  return `${d.year()}年${d.month() + 1}月${d.date()}日`;
}

interface CellDish {
  name: string;
  allergens: Allergen[];
  bands: AgeBand[];
}

/** Dishes of one day and meal over all age bands; a dish not served to every band names its bands. */
function cellDishes(plan: TPlan, day: string, meal: (typeof MEALS)[number]): CellDish[] {
  const dishes = new Map<string, CellDish>();
  for (const entry of plan.entries) {
    if (entry.day !== day || entry.meal !== meal) continue;
    for (const dish of entry.dishes) {
      const cell = dishes.get(dish.id) ?? { name: dish.name, allergens: dish.allergens, bands: [] };
      cell.bands.push(entry.ageBand);
      dishes.set(dish.id, cell);
    }
  }
  return [...dishes.values()];
}

/** One character per allergen group, explained in the footer. */
const ALLERGEN_MARK: Record<Allergen, string> = {
  gluten: '麸',
  crustacean: '虾',
  fish: '鱼',
  egg: '蛋',
  peanut: '花',
  soy: '豆',
  milk: '乳',
  tree_nut: '坚',
  sesame: '芝',
};

const VERDICT_TEXT: Record<Verdict, string> = { green: '达标', amber: '基本达标', red: '待改进' };

/** 每周带量食谱 for the canteen wall: A4 landscape, Chinese, without the console around it. */
export function PrintableWeekMenu({ planId, version }: { planId: string; version?: number }) {
  const plan = usePlan(planId, version);
  const { t } = useTranslation();
  if (plan.isError)
    return (
      <div style={{ padding: 24 }}>
        <ErrorAlert error={plan.error} />
      </div>
    );
  if (!plan.data) return <PageLoading />;
  return <PrintSheet plan={plan.data} printLabel={t('menus.plan.print')} />;
}

function PrintSheet({ plan, printLabel }: { plan: TPlan; printLabel: string }) {
  const days = useMemo(() => {
    const all = weekDays(plan.weekStart);
    const used = new Set(plan.entries.map((e) => e.day));
    return all.filter((day, i) => i < 5 || used.has(day));
  }, [plan]);
  const meals = MEALS.filter((meal) => plan.entries.some((e) => e.meal === meal));
  const bands = plan.ageBands.map((b) => b.ageBand);
  const allergensUsed = [
    ...new Set(plan.entries.flatMap((e) => e.dishes.flatMap((d) => d.allergens))),
  ];

  if (plan.entries.length === 0) return <Result status="info" title={zh('menus.print.empty')} />;

  return (
    <div className="print-root">
      <div className="print-toolbar no-print">
        <span>{zh('menus.print.hint')}</span>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          {printLabel}
        </Button>
      </div>
      <article className="print-page" data-testid="print-menu">
        <header className="print-header">
          <div className="print-school">
            {plan.school.name} · {plan.canteen.name}
          </div>
          <h1>{zh('menus.print.title')}</h1>
          <div className="print-week">
            {chineseDate(plan.weekStart)}（周一）至{' '}
            {chineseDate(addDays(plan.weekStart, days.length - 1))}（
            {WEEKDAYS[dayjs(addDays(plan.weekStart, days.length - 1)).day()]}）
            {plan.status === 'published'
              ? `\u3000第 ${plan.version} 版`
              : `\u3000${zh('menus.print.draft')}`}
          </div>
        </header>
        <table className="print-table">
          <thead>
            <tr>
              <th className="print-meal-col">{zh('menus.print.meal')}</th>
              {days.map((day) => (
                <th key={day}>
                  <div>{WEEKDAYS[dayjs(day).day()]}</div>
                  <div className="print-date">{dayjs(day).format('M月D日')}</div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {meals.map((meal) => (
              <tr key={meal}>
                <th className="print-meal-col">{zh(`menus.meal.${meal}`)}</th>
                {days.map((day) => (
                  <td key={day}>
                    <ul>
                      {cellDishes(plan, day, meal).map((dish) => (
                        <li key={dish.name}>
                          {dish.name}
                          {dish.allergens.length > 0 && (
                            <span className="print-allergen">
                              {dish.allergens.map((a) => ALLERGEN_MARK[a]).join('')}
                            </span>
                          )}
                          {bands.length > 1 && dish.bands.length < bands.length && (
                            <span className="print-bands">
                              （{dish.bands.map((b) => b.replace('-', '–')).join('、')}岁）
                            </span>
                          )}
                        </li>
                      ))}
                    </ul>
                  </td>
                ))}
              </tr>
            ))}
            <tr className="print-nutrition-row">
              <th className="print-meal-col">{zh('menus.print.nutrition')}</th>
              {days.map((day) => {
                const rows = plan.nutrition.filter((n) => n.day === day);
                return (
                  <td key={day}>
                    {rows.map((n) => (
                      <div
                        key={n.ageBand}
                        className={`print-verdict print-verdict-${n.assessment.verdict}`}
                      >
                        {bands.length > 1 && `${n.ageBand.replace('-', '–')}岁 `}
                        {VERDICT_TEXT[n.assessment.verdict]}
                        <span className="print-energy">
                          {' '}
                          {Math.round(n.assessment.day.totals.energyKcal)}千卡
                        </span>
                      </div>
                    ))}
                  </td>
                );
              })}
            </tr>
          </tbody>
        </table>
        <footer className="print-footer">
          <div>
            {zh('menus.print.diners')}
            {plan.ageBands
              .map((b) => `${b.ageBand.replace('-', '–')}岁 ${b.headcount} 人`)
              .join('，')}
            。{zh('menus.print.basis')}
          </div>
          {allergensUsed.length > 0 && (
            <div>
              {zh('menus.print.allergens')}
              {allergensUsed.map((a) => `${ALLERGEN_MARK[a]}＝${ALLERGEN_NAMES[a].zh}`).join('；')}
            </div>
          )}
          <div className="print-signs">
            <span>{zh('menus.print.signCanteen')}</span>
            <span>{zh('menus.print.signSchool')}</span>
            <span>
              {zh('menus.print.publishedAt')}
              {plan.publishedAt ? formatDateTime(plan.publishedAt).slice(0, 10) : '—'}
            </span>
          </div>
        </footer>
      </article>
    </div>
  );
}
