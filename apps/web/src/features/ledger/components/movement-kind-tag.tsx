import {
  ExportOutlined,
  ImportOutlined,
  RollbackOutlined,
  DeleteOutlined,
  AuditOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MovementKind } from '@canteen/shared';

const STYLE: Record<MovementKind, { color: string; icon: React.ReactNode }> = {
  stock_in: { color: 'green', icon: <ImportOutlined /> },
  stock_out: { color: 'blue', icon: <ExportOutlined /> },
  return: { color: 'orange', icon: <RollbackOutlined /> },
  write_off: { color: 'red', icon: <DeleteOutlined /> },
  adjustment: { color: 'purple', icon: <AuditOutlined /> },
  reversal: { color: 'default', icon: <UndoOutlined /> },
};

export function MovementKindTag({ kind }: { kind: MovementKind }) {
  const { t } = useTranslation();
  const style = STYLE[kind];
  return (
    <Tag color={style.color} icon={style.icon} className="ledger-kind-tag">
      {t(`ledger.kind.${kind}`)}
    </Tag>
  );
}
