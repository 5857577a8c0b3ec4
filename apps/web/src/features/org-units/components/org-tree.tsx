import { useQueries, useQueryClient } from '@tanstack/react-query';
import { Badge, Spin, Tree, type TreeDataNode } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMatch, useNavigate } from 'react-router';
import type { ConnectionStatus, TOrgUnit } from '@canteen/shared';
import { useCurrentUser } from '@/lib/auth';
import { getOrgUnitChildrenQueryOptions } from '@/lib/org-unit-lookup';
import { useOrgUnit } from '../api/get-org-unit';
import { OrgUnitIcon } from './org-unit-icon';

const STATUS_DOT: Record<ConnectionStatus, 'success' | 'warning' | 'default'> = {
  connected: 'success',
  suspended: 'warning',
  not_connected: 'default',
};

type UnitNode = Pick<TOrgUnit, 'id' | 'name' | 'level' | 'childCount' | 'connectionStatus'>;

/**
 * The user's subtree, loaded one level at a time. Opening a unit page elsewhere (a table link)
 * expands the tree down to it and selects it.
 */
export function OrgTree() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const rootId = user.orgUnit?.id ?? '';
  const match = useMatch('/org/:id');
  const currentId = match?.params.id;

  const [expanded, setExpanded] = useState<string[]>([rootId]);
  const rootQuery = useOrgUnit(rootId);
  const currentQuery = useOrgUnit(currentId);

  useEffect(() => {
    const ancestors = currentQuery.data?.ancestors;
    if (!ancestors) return;
    const start = ancestors.findIndex((a) => a.id === rootId);
    if (start < 0) return;
    const path = ancestors.slice(start).map((a) => a.id);
    setExpanded((keys) =>
      path.every((id) => keys.includes(id)) ? keys : [...new Set([...keys, ...path])],
    );
  }, [currentQuery.data, rootId]);

  const childQueries = useQueries({
    queries: expanded.map((id) => getOrgUnitChildrenQueryOptions(id)),
  });

  const childrenOf = useMemo(() => {
    const map = new Map<string, TOrgUnit[]>();
    expanded.forEach((id, index) => {
      const data = childQueries[index]?.data;
      if (data) map.set(id, data.items);
    });
    return map;
  }, [expanded, childQueries]);

  const treeData = useMemo(() => {
    const root = rootQuery.data;
    if (!root) return [];
    const build = (unit: UnitNode): TreeDataNode => {
      const children = childrenOf.get(unit.id);
      return {
        key: unit.id,
        title: (
          <span className="org-tree-title" title={unit.name}>
            {unit.name}
            {unit.level === 'canteen' && unit.connectionStatus && (
              <Badge status={STATUS_DOT[unit.connectionStatus]} style={{ marginLeft: 6 }} />
            )}
          </span>
        ),
        icon: <OrgUnitIcon level={unit.level} />,
        isLeaf: unit.childCount === 0,
        children: children?.map(build),
      };
    };
    return [build(root)];
  }, [rootQuery.data, childrenOf]);

  if (!rootId) return null;
  if (rootQuery.isPending) {
    return (
      <div style={{ padding: 24, textAlign: 'center' }}>
        <Spin size="small" />
      </div>
    );
  }

  return (
    <Tree
      className="org-tree"
      aria-label={t('nav.orgTree')}
      showIcon
      blockNode
      treeData={treeData}
      expandedKeys={expanded}
      selectedKeys={currentId ? [currentId] : []}
      loadData={(node) =>
        queryClient
          .ensureQueryData(getOrgUnitChildrenQueryOptions(String(node.key)))
          .then(() => undefined)
      }
      onExpand={(keys) => setExpanded(keys.map(String))}
      onSelect={(keys) => {
        const key = keys[0];
        if (key !== undefined) void navigate(`/org/${String(key)}`);
      }}
    />
  );
}
