import { HomeOutlined } from '@ant-design/icons';
import type { BreadcrumbProps } from 'antd';
import { Link } from 'react-router';
import type { TOrgUnitDetail, TSessionUser } from '@canteen/shared';

/**
 * Ancestors above the user's own unit are named but not linked: their pages are outside the
 * user's subtree and would answer 404.
 */
export function orgUnitBreadcrumb(
  unit: Pick<TOrgUnitDetail, 'id' | 'name' | 'ancestors'>,
  user: TSessionUser,
  linkTo: (id: string) => string = (id) => `/org/${id}`,
  linkCurrent = false,
): NonNullable<BreadcrumbProps['items']> {
  const rootIndex = unit.ancestors.findIndex((a) => a.id === user.orgUnit?.id);
  const items: NonNullable<BreadcrumbProps['items']> = unit.ancestors.map((ancestor, index) => ({
    key: ancestor.id,
    title:
      rootIndex >= 0 && index >= rootIndex ? (
        <Link to={linkTo(ancestor.id)}>
          {index === rootIndex && <HomeOutlined style={{ marginRight: 4 }} />}
          {ancestor.name}
        </Link>
      ) : (
        ancestor.name
      ),
  }));
  items.push({
    key: unit.id,
    title: linkCurrent ? <Link to={linkTo(unit.id)}>{unit.name}</Link> : unit.name,
  });
  return items;
}
