import {
  ApartmentOutlined,
  BankOutlined,
  GlobalOutlined,
  ReadOutlined,
  ShopOutlined,
} from '@ant-design/icons';
import type { OrgLevel } from '@canteen/shared';

export function OrgUnitIcon({ level }: { level: OrgLevel }) {
  switch (level) {
    case 'province':
      return <GlobalOutlined />;
    case 'city':
      return <BankOutlined />;
    case 'county':
      return <ApartmentOutlined />;
    case 'school':
      return <ReadOutlined />;
    case 'canteen':
      return <ShopOutlined />;
  }
}
