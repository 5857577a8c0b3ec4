import { useQueryClient } from '@tanstack/react-query';
import { TreeSelect } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { levelIndex, type OrgLevel } from '@canteen/shared';
import { useCurrentUser } from '@/lib/auth';
import { getOrgUnitChildrenQueryOptions } from '@/lib/org-unit-lookup';

interface FlatNode {
  id: string;
  pId: string | null;
  name: string;
  level: OrgLevel;
  childCount: number | null;
}

interface OrgUnitTreeSelectProps {
  value?: string;
  onChange?: (value: string | undefined) => void;
  /** Levels that may be picked; other units only open the way down. */
  selectableLevels?: readonly OrgLevel[];
  /** The deepest level shown. */
  maxLevel?: OrgLevel;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  disabled?: boolean;
  id?: string;
  /** The chosen unit's name, for a value set from outside (an address) before its branch is loaded. */
  valueLabel?: string;
}

/** Picks a unit of the user's subtree, loading each level as it is opened. */
export function OrgUnitTreeSelect({
  value,
  onChange,
  selectableLevels,
  maxLevel = 'canteen',
  placeholder,
  allowClear = true,
  style,
  disabled,
  id,
  valueLabel,
}: OrgUnitTreeSelectProps) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const root = user.orgUnit;
  const [nodes, setNodes] = useState<FlatNode[]>(() =>
    root ? [{ id: root.id, pId: null, name: root.name, level: root.level, childCount: null }] : [],
  );

  const treeData = useMemo(
    () =>
      nodes.map((node) => ({
        id: node.id,
        pId: node.pId ?? undefined,
        value: node.id,
        title: node.name,
        isLeaf: node.childCount === 0 || levelIndex(node.level) >= levelIndex(maxLevel),
        selectable: !selectableLevels || selectableLevels.includes(node.level),
      })),
    [nodes, maxLevel, selectableLevels],
  );

  const loadData = async (node: { value?: string | number }) => {
    const parentId = String(node.value);
    const page = await queryClient.fetchQuery(getOrgUnitChildrenQueryOptions(parentId));
    setNodes((current) => {
      const known = new Set(current.map((n) => n.id));
      const added = page.items
        .filter((unit) => !known.has(unit.id))
        .map((unit) => ({
          id: unit.id,
          pId: parentId,
          name: unit.name,
          level: unit.level,
          childCount: unit.childCount,
        }));
      return [...current, ...added];
    });
  };

  return (
    <TreeSelect
      id={id}
      labelInValue
      value={
        value
          ? { value, label: nodes.find((n) => n.id === value)?.name ?? valueLabel ?? value }
          : undefined
      }
      onChange={(next: { value: string; label?: React.ReactNode } | undefined) =>
        onChange?.(next?.value)
      }
      treeDataSimpleMode
      treeData={treeData}
      loadData={loadData}
      placeholder={placeholder ?? t('org.pickUnit')}
      allowClear={allowClear}
      showSearch
      treeNodeFilterProp="title"
      treeDefaultExpandedKeys={root ? [root.id] : []}
      style={{ minWidth: 220, ...style }}
      popupMatchSelectWidth={false}
      disabled={disabled}
    />
  );
}
