import { Empty, List, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TTraceMeal } from '@canteen/shared';

/** The meals traced batches were issued to: when, what was served, to how many, from which batches. */
export function TraceMeals({
  meals,
  batchLabel,
}: {
  meals: TTraceMeal[];
  /** How a batch of this trace is named to the reader (ingredient and lot, or its delivery). */
  batchLabel: (batchId: string) => string;
}) {
  const { t } = useTranslation();
  if (meals.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('trace.noMeals')} />;
  }
  return (
    <List
      size="small"
      dataSource={meals}
      rowKey={(m) => `${m.day}/${m.meal}`}
      data-testid="trace-meals"
      renderItem={(m) => (
        <List.Item>
          <div className="trace-meal">
            <Space size={8} wrap>
              <span className="tabular">{m.day}</span>
              <Tag color="blue">{t(`ledger.meal.${m.meal}`)}</Tag>
              {m.servedTotal === null ? (
                <span className="muted">{t('trace.notRecorded')}</span>
              ) : (
                <span>{t('trace.served', { count: m.servedTotal })}</span>
              )}
            </Space>
            <div>
              {m.dishes.length === 0 ? (
                <span className="muted">{t('trace.noDishes')}</span>
              ) : (
                m.dishes.map((dish) => <Tag key={dish}>{dish}</Tag>)
              )}
            </div>
            <div className="muted">
              {t('trace.batchesUsed')}：{m.batchIds.map(batchLabel).join('、')}
            </div>
          </div>
        </List.Item>
      )}
    />
  );
}
