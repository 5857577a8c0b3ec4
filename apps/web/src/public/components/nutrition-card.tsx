import type {
  TPublicNutrition,
  TPublicNutritionCard,
  TPublicVegetables,
  VegetableColour,
  Verdict,
} from '@canteen/shared';
import type { MealGroup } from '@canteen/shared';
import { MEAL_GROUP_LABELS, MEAL_LABELS, VERDICT_LABELS } from '../lib/labels';
import { Badge } from './page-shell';

const GROUPS: MealGroup[] = ['grains_tubers', 'vegetables_fruit', 'meat_fish_eggs', 'milk_soy'];
const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value)}%`);

const MARKS: Record<Verdict, string> = { green: '✓', amber: '!', red: '✗' };
const COLOUR_LABELS: Record<VegetableColour, string> = { dark: '深色', light: '浅色' };

/** WS/T 554's daily rule: how many kinds of fresh vegetable the day serves, and how many are dark. */
function Vegetables({ vegetables }: { vegetables: TPublicVegetables }) {
  const { kinds, darkKinds, minKinds, darkShareOverPercent, foods, verdict } = vegetables;
  const share = darkShareOverPercent === 50 ? '一半' : ` ${darkShareOverPercent}%`;
  return (
    <div className="vegetables" data-testid="vegetables" data-verdict={verdict}>
      <div className="groups">
        <span className="muted small">新鲜蔬菜：</span>
        <span className={`vegetable-count vegetable-${verdict}`}>
          {MARKS[verdict]} {kinds} 种，深色 {darkKinds} 种
        </span>
        <span className="muted small">
          标准：至少 {minKinds} 种，深色超过{share}
        </span>
      </div>
      {foods.length > 0 ? (
        <div className="vegetable-names small">
          {(Object.keys(COLOUR_LABELS) as VegetableColour[]).map((colour) => {
            const names = foods.filter((f) => f.colour === colour).map((f) => f.name);
            return names.length > 0 ? (
              <span key={colour} className={`vegetable-names-${colour}`}>
                <span className="muted">{COLOUR_LABELS[colour]}：</span>
                {names.join('、')}
              </span>
            ) : null;
          })}
        </div>
      ) : null}
    </div>
  );
}

function Card({ card }: { card: TPublicNutritionCard }) {
  return (
    <div className="card nutrition">
      <div className="nutrition-head">
        <span>{card.ageBand} 岁</span>
        <Badge tone={card.verdict}>{VERDICT_LABELS[card.verdict]}</Badge>
      </div>
      <dl className="meters">
        <div>
          <dt>能量</dt>
          <dd>{percent(card.energyPercentOfTarget)}</dd>
          <dd className="muted small">占推荐量</dd>
        </div>
        <div>
          <dt>蛋白质</dt>
          <dd>{percent(card.proteinPercentOfTarget)}</dd>
          <dd className="muted small">占推荐量</dd>
        </div>
        <div>
          <dt>脂肪</dt>
          <dd>{percent(card.fatPercentEnergy)}</dd>
          <dd className="muted small">供能比</dd>
        </div>
        <div>
          <dt>碳水</dt>
          <dd>{percent(card.carbohydratePercentEnergy)}</dd>
          <dd className="muted small">供能比</dd>
        </div>
      </dl>
      {card.meals.map((meal) => (
        <div key={meal.meal} className="groups">
          <span className="muted small">{MEAL_LABELS[meal.meal]}：</span>
          {GROUPS.map((group) => (
            <span
              key={group}
              className={`group${meal.groupsPresent.includes(group) ? ' group-on' : ''}`}
            >
              {meal.groupsPresent.includes(group) ? '✓' : '✗'} {MEAL_GROUP_LABELS[group]}
            </span>
          ))}
        </div>
      ))}
      {/* A page cached before the rule reached the public card has no vegetables (for a few minutes after a release). */}
      {card.vegetables ? <Vegetables vegetables={card.vegetables} /> : null}
      {card.reasons.length > 0 ? (
        <details className="details">
          <summary>为什么是“{VERDICT_LABELS[card.verdict]}”</summary>
          <ul className="reasons">
            {card.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </details>
      ) : null}
      <p className="muted small">依据：{card.basis}</p>
    </div>
  );
}

/** The nutrition conformity card of today (or of the day the menu shows). */
export function NutritionCards({ nutrition, day }: { nutrition: TPublicNutrition; day: string }) {
  const today =
    nutrition.days.find((d) => d.day === day) ?? nutrition.days.find((d) => d.day > day);
  if (!today || today.cards.length === 0) return <p className="empty">暂无营养评估。</p>;
  return (
    <div className="nutrition-list">
      {today.cards.map((card) => (
        <Card key={card.ageBand} card={card} />
      ))}
    </div>
  );
}
