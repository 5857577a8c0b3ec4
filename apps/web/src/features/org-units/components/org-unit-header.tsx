import { EditOutlined, PlusOutlined, SwapOutlined, ApiOutlined } from '@ant-design/icons';
import { Button, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { childLevel, type TOrgUnitDetail } from '@canteen/shared';
import { ConnectionStatusTag } from '@/components/ui/connection-status-tag';
import { PageHeader } from '@/components/ui/page-header';
import { useCurrentUser } from '@/lib/auth';
import { can, canChangeUnit } from '@/lib/authorization';
import { kindLabel } from '@/lib/labels';
import { ChangeConnectionModal } from './change-connection-modal';
import { MoveOrgUnitModal } from './move-org-unit-modal';
import { orgUnitBreadcrumb } from './org-unit-breadcrumb';
import { OrgUnitFormModal } from './org-unit-form-modal';

type Dialog = 'create' | 'edit' | 'move' | 'connection' | null;

/** Title, breadcrumb and the actions the user's permissions allow on this unit. */
export function OrgUnitHeader({ unit }: { unit: TOrgUnitDetail }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<Dialog>(null);
  const nextLevel = childLevel(unit.level);

  const canCreate = can(user, 'org:write') && !!nextLevel;
  const canEdit = canChangeUnit(user, unit.id, 'org:write');
  const canMove = canChangeUnit(user, unit.id, 'org:move') && unit.level !== 'province';
  const canConnect = can(user, 'org:connection') && unit.level === 'canteen';

  return (
    <>
      <PageHeader
        breadcrumb={orgUnitBreadcrumb(unit, user)}
        title={<span data-testid="org-unit-title">{unit.name}</span>}
        tags={
          <>
            <Tag color="blue">{t(`level.${unit.level}`)}</Tag>
            <Tag>{kindLabel(t, unit.kind)}</Tag>
            {unit.level === 'canteen' && <ConnectionStatusTag status={unit.connectionStatus} />}
          </>
        }
        subTitle={`${t('org.field.code')}：${unit.code}`}
        extra={
          <>
            {canConnect && (
              <Button icon={<ApiOutlined />} onClick={() => setDialog('connection')}>
                {t('connection.change')}
              </Button>
            )}
            {canMove && (
              <Button icon={<SwapOutlined />} onClick={() => setDialog('move')}>
                {t('org.move')}
              </Button>
            )}
            {canEdit && (
              <Button icon={<EditOutlined />} onClick={() => setDialog('edit')}>
                {t('common.edit')}
              </Button>
            )}
            {canCreate && nextLevel && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('create')}>
                {t('org.createChild', { level: t(`level.${nextLevel}`) })}
              </Button>
            )}
          </>
        }
      />
      {nextLevel && (
        <OrgUnitFormModal
          open={dialog === 'create'}
          mode={{ type: 'create', parent: unit, level: nextLevel }}
          onClose={() => setDialog(null)}
          onSaved={(created) => void navigate(`/org/${created.id}`)}
        />
      )}
      <OrgUnitFormModal
        open={dialog === 'edit'}
        mode={{ type: 'edit', unit }}
        onClose={() => setDialog(null)}
      />
      {canMove && (
        <MoveOrgUnitModal open={dialog === 'move'} unit={unit} onClose={() => setDialog(null)} />
      )}
      <ChangeConnectionModal
        canteen={dialog === 'connection' ? unit : null}
        onClose={() => setDialog(null)}
      />
    </>
  );
}
