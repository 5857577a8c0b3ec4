import { useTranslation } from 'react-i18next';
import { OrgUnitTreeSelect } from '@/components/ui/org-unit-tree-select';
import { useCanteenContext } from '../api/get-canteen-context';

/** Picks a canteen of the user's subtree; the chosen one is labelled with its school. */
export function CanteenPicker({
  value,
  onChange,
}: {
  value: string | undefined;
  onChange: (id: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const context = useCanteenContext(value);
  const label =
    context.canteen && context.school
      ? `${context.school.name} · ${context.canteen.name}`
      : context.canteen?.name;
  return (
    <OrgUnitTreeSelect
      id="menus-canteen"
      value={value}
      valueLabel={label}
      onChange={onChange}
      selectableLevels={['canteen']}
      allowClear={false}
      placeholder={t('menus.pickCanteen')}
      style={{ minWidth: 280 }}
    />
  );
}
