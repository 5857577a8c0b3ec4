import { useState } from 'react';
import type { TPublicDish, TPublicMeal, TPublicMenu } from '@canteen/shared';
import { mondayOf, monthDay, weekdayOf } from '../lib/dates';
import { MEAL_LABELS } from '../lib/labels';
import { DishCard } from './dish-card';

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

function MealBlock({
  meal,
  onOpen,
  headingLevel,
}: {
  meal: TPublicMeal;
  onOpen: (dish: TPublicDish) => void;
  headingLevel: 'h3' | 'h4';
}) {
  const Heading = headingLevel;
  return (
    <div className="meal">
      <Heading className="meal-title">{MEAL_LABELS[meal.meal]}</Heading>
      {meal.fundStandardFen !== undefined ? (
        <p className="muted small">
          每生餐费标准 {yuan(meal.fundStandardFen)}
          {meal.costPerStudentFen != null ? `，计划食材成本 ${yuan(meal.costPerStudentFen)}` : ''}
        </p>
      ) : null}
      <ul className="dishes">
        {meal.dishes.map((dish) => (
          <DishCard key={dish.id} dish={dish} onOpen={onOpen} />
        ))}
      </ul>
    </div>
  );
}

/** 今日菜谱: today's meals; on a day without meals, the next day that has them. */
export function TodayMenu({
  menu,
  onOpen,
}: {
  menu: TPublicMenu;
  onOpen: (dish: TPublicDish) => void;
}) {
  const today = menu.days.find((d) => d.day === menu.today);
  const next = today ? undefined : menu.days.find((d) => d.day > menu.today);
  const shown = today ?? next;
  return (
    <>
      <p className="section-note">
        {monthDay(menu.today)} {weekdayOf(menu.today)}
        {today
          ? ''
          : next
            ? `今天不供餐，下面是 ${monthDay(next.day)} ${weekdayOf(next.day)} 的菜谱。`
            : ' 今天不供餐，本周食谱尚未发布。'}
      </p>
      {shown?.meals.map((meal) => (
        <MealBlock key={meal.meal} meal={meal} onOpen={onOpen} headingLevel="h3" />
      ))}
      {shown ? <p className="hint">点菜品查看它用了哪些食材、从哪里来。</p> : null}
    </>
  );
}

/** The week's menu, one tab per day (into next week once its plan is published). */
export function WeekMenu({
  menu,
  onOpen,
}: {
  menu: TPublicMenu;
  onOpen: (dish: TPublicDish) => void;
}) {
  const initial = menu.days.find((d) => d.day >= menu.today)?.day ?? menu.days[0]?.day;
  const [selected, setSelected] = useState(initial);
  if (menu.days.length === 0) return <p className="empty">本周食谱尚未发布。</p>;
  const day = menu.days.find((d) => d.day === selected) ?? menu.days[0]!;
  const thisWeek = mondayOf(menu.today);
  return (
    <>
      <div className="tabs" role="tablist" aria-label="选择日期">
        {menu.days.map((d) => (
          <button
            key={d.day}
            type="button"
            role="tab"
            id={`tab-${d.day}`}
            aria-selected={d.day === day.day}
            aria-controls="week-panel"
            className={`tab${d.day === day.day ? ' tab-on' : ''}`}
            onClick={() => setSelected(d.day)}
          >
            <span>
              {mondayOf(d.day) === thisWeek ? '' : '下'}
              {weekdayOf(d.day)}
            </span>
            <span className="tab-date">
              {d.day === menu.today
                ? '今天'
                : `${Number(d.day.slice(5, 7))}/${Number(d.day.slice(8, 10))}`}
            </span>
          </button>
        ))}
      </div>
      <div id="week-panel" role="tabpanel" aria-labelledby={`tab-${day.day}`}>
        {day.meals.map((meal) => (
          <div key={meal.meal} className="week-meal">
            <h3 className="meal-title">{MEAL_LABELS[meal.meal]}</h3>
            <ul className="dish-names">
              {meal.dishes.map((dish) => (
                <li key={dish.id}>
                  <button type="button" className="link-button" onClick={() => onOpen(dish)}>
                    {dish.name}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
      {menu.plans.length > 0 ? (
        <p className="muted small">
          {menu.plans
            .map((p) => `${monthDay(p.weekStart)}起一周食谱（第 ${p.version} 版）`)
            .join('；')}
          已由学校发布。
        </p>
      ) : null}
    </>
  );
}
