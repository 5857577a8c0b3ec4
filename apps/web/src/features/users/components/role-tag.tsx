import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Role } from '@canteen/shared';

const COLOR: Record<Role, string> = {
  operator: 'magenta',
  official_admin: 'geekblue',
  official_viewer: 'cyan',
  principal: 'purple',
  canteen_manager: 'green',
  canteen_staff: 'lime',
  supplier: 'orange',
};

export function RoleTag({ role }: { role: Role }) {
  const { t } = useTranslation();
  return <Tag color={COLOR[role]}>{t(`role.${role}`)}</Tag>;
}
