import { ShopOutlined } from '@ant-design/icons';
import { Segmented, Select, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { OrgUnitTreeSelect } from '@/components/ui/org-unit-tree-select';
import { useCanteen } from '../api/get-canteen';
import type { LedgerCanteen } from './use-ledger-canteen';

/** "达州市通川区第一小学 · 学生食堂": the school tells the many "学生食堂" apart. */
export function useCanteenTitle(canteenId: string | undefined): string | undefined {
  const canteen = useCanteen(canteenId);
  if (!canteen.data) return undefined;
  const school = canteen.data.ancestors[canteen.data.ancestors.length - 1];
  return school ? `${school.name} · ${canteen.data.name}` : canteen.data.name;
}

/**
 * A school's staff switch between their canteens with big buttons (usually there is one);
 * officials pick any canteen of their subtree from the tree.
 */
export function CanteenPicker({ context }: { context: LedgerCanteen }) {
  const { t } = useTranslation();
  const { canteenId, setCanteenId, schoolCanteens } = context;
  const title = useCanteenTitle(schoolCanteens ? undefined : canteenId);

  if (schoolCanteens) {
    if (schoolCanteens.length <= 1) {
      const only = schoolCanteens[0];
      return only ? (
        <Tag icon={<ShopOutlined />} className="ledger-canteen-tag" data-testid="ledger-canteen">
          {only.name}
        </Tag>
      ) : null;
    }
    if (schoolCanteens.length <= 4) {
      return (
        <Segmented
          size="large"
          value={canteenId}
          onChange={(id) => setCanteenId(id)}
          options={schoolCanteens.map((c) => ({ value: c.id, label: c.name }))}
          data-testid="ledger-canteen"
        />
      );
    }
    return (
      <Select
        size="large"
        value={canteenId}
        onChange={(id: string) => setCanteenId(id)}
        options={schoolCanteens.map((c) => ({ value: c.id, label: c.name }))}
        style={{ minWidth: 200 }}
        data-testid="ledger-canteen"
      />
    );
  }
  return (
    <OrgUnitTreeSelect
      value={canteenId}
      valueLabel={title}
      onChange={setCanteenId}
      selectableLevels={['canteen']}
      allowClear={false}
      placeholder={t('ledger.canteen.pick')}
      style={{ width: 320 }}
      id="ledger-canteen"
    />
  );
}
