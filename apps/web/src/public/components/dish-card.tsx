import type { TPublicDish } from '@canteen/shared';
import { ALLERGEN_LABELS, COOKING_LABELS } from '../lib/labels';

/** A dish with its photo in a fixed 4:3 box (no layout shift while it loads); tapping it opens where its ingredients came from. */
export function DishCard({
  dish,
  onOpen,
}: {
  dish: TPublicDish;
  onOpen: (dish: TPublicDish) => void;
}) {
  return (
    <li>
      <button
        type="button"
        className="dish"
        onClick={() => onOpen(dish)}
        aria-label={`${dish.name}：查看食材来源`}
      >
        <span className="dish-photo">
          {dish.photoUrl ? (
            <img
              src={dish.photoUrl}
              alt=""
              loading="lazy"
              decoding="async"
              width={320}
              height={240}
            />
          ) : (
            <span className="dish-initial" aria-hidden="true">
              {[...dish.name][0]}
            </span>
          )}
        </span>
        <span className="dish-name">{dish.name}</span>
        <span className="dish-meta">
          {COOKING_LABELS[dish.cookingMethod]}
          {dish.allergens.length > 0
            ? ` · 含${dish.allergens.map((a) => ALLERGEN_LABELS[a]).join('、')}`
            : ''}
        </span>
      </button>
    </li>
  );
}
