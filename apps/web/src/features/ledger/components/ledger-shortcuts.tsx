import {
  AuditOutlined,
  DatabaseOutlined,
  ExportOutlined,
  ImportOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { Badge, Button, Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { OrgLevel } from '@canteen/shared';
import { useCurrentUser } from '@/lib/auth';
import { can } from '@/lib/authorization';
import { useOrgUnits } from '@/lib/org-unit-lookup';
import { usePendingStockIns } from '../api/get-pending-stock-ins';
import './ledger.css';

function CanteenShortcuts({
  canteen,
  showName,
}: {
  canteen: { id: string; name: string };
  showName: boolean;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const canWrite = can(user, 'stock:write');
  const pending = usePendingStockIns(canWrite ? canteen.id : undefined);
  const pendingBatches = (pending.data ?? []).reduce((sum, p) => sum + p.batches.length, 0);
  const go = (path: string) => void navigate(`${path}?canteenId=${canteen.id}`);

  return (
    <div className="ledger-shortcuts-row" data-testid={`ledger-shortcuts-${canteen.id}`}>
      {showName && <div className="ledger-shortcuts-name">{canteen.name}</div>}
      <div className="ledger-shortcuts-buttons">
        {canWrite && (
          <>
            <Badge count={pendingBatches} overflowCount={99} offset={[-8, 6]}>
              <Button
                size="large"
                type={pendingBatches > 0 ? 'primary' : 'default'}
                icon={<ImportOutlined />}
                className="ledger-shortcut"
                onClick={() => go('/ledger/stock-in')}
              >
                {t('ledger.nav.stockIn')}
              </Button>
            </Badge>
            <Button
              size="large"
              icon={<ExportOutlined />}
              className="ledger-shortcut"
              onClick={() => go('/ledger/stock-out')}
            >
              {t('ledger.nav.stockOut')}
            </Button>
          </>
        )}
        <Button
          size="large"
          icon={<DatabaseOutlined />}
          className="ledger-shortcut"
          onClick={() => go('/ledger/balances')}
        >
          {t('ledger.nav.balances')}
        </Button>
        <Button
          size="large"
          icon={<UnorderedListOutlined />}
          className="ledger-shortcut"
          onClick={() => go('/ledger/movements')}
        >
          {t('ledger.nav.movements')}
        </Button>
        {canWrite && (
          <Button
            size="large"
            icon={<AuditOutlined />}
            className="ledger-shortcut"
            onClick={() => go('/ledger/stocktakes')}
          >
            {t('ledger.nav.stocktakes')}
          </Button>
        )}
      </div>
    </div>
  );
}

/**
 * The kitchen's daily entry points on a school's or canteen's page: stock-in (with the number of
 * accepted batches waiting), stock-out, balances, the ledger and the stocktake.
 */
export function LedgerShortcuts({ unit }: { unit: { id: string; name: string; level: OrgLevel } }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const school = unit.level === 'school';
  const children = useOrgUnits({ parentId: unit.id, pageSize: 500 }, { enabled: school });
  if (!can(user, 'stock:read')) return null;
  const canteens = school
    ? (children.data?.items ?? []).filter((c) => c.level === 'canteen')
    : unit.level === 'canteen'
      ? [unit]
      : [];
  if (canteens.length === 0) return null;

  return (
    <Card
      size="small"
      className="section-card ledger-shortcuts"
      title={t('ledger.shortcuts.title')}
      data-testid="ledger-shortcuts"
    >
      {canteens.map((c) => (
        <CanteenShortcuts key={c.id} canteen={c} showName={canteens.length > 1} />
      ))}
    </Card>
  );
}
