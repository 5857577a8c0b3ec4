import { CheckCircleFilled, CloseCircleFilled, SafetyCertificateOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Collapse,
  Form,
  Result,
  Space,
  Table,
  Tag,
  type TableColumnsType,
} from 'antd';
import { useTranslation } from 'react-i18next';
import {
  pickLanguage,
  type TChainResult,
  type TDigestResult,
  type TVerification,
} from '@canteen/shared';
import { errorText } from '@/components/ui/error-alert';
import { OrgUnitTreeSelect } from '@/components/ui/org-unit-tree-select';
import { useCurrentUser } from '@/lib/auth';
import { formatDateTime } from '@/lib/format';
import { contractLanguage } from '@/lib/i18n';
import { useVerifyLedger } from '../api/verify-ledger';

function BrokenChains({ chains }: { chains: TChainResult[] }) {
  const { t, i18n } = useTranslation();
  const columns: TableColumnsType<TChainResult> = [
    {
      title: t('ledger.verify.canteen'),
      key: 'canteen',
      render: (_, c) => (
        <div className="account-cell">
          <span>{c.canteen.name}</span>
          <span className="account-cell-username">{c.canteen.code}</span>
        </div>
      ),
    },
    {
      title: t('ledger.verify.firstBroken'),
      key: 'seq',
      width: 130,
      render: (_, c) => (c.firstBroken ? <b className="tabular">#{c.firstBroken.seq}</b> : '—'),
    },
    {
      title: t('ledger.verify.problem'),
      key: 'problem',
      render: (_, c) =>
        c.firstBroken ? (
          <div className="account-cell">
            <Tag color="error">{t(`ledger.verify.chainProblem.${c.firstBroken.problem}`)}</Tag>
            <span className="account-cell-username">
              {pickLanguage(c.firstBroken.detail, contractLanguage(i18n.language))}
            </span>
          </div>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <Table<TChainResult>
      rowKey={(c) => c.canteen.id}
      size="middle"
      columns={columns}
      dataSource={chains}
      pagination={false}
      data-testid="broken-chains"
    />
  );
}

function DigestFailures({ failures }: { failures: TDigestResult[] }) {
  const { t, i18n } = useTranslation();
  const columns: TableColumnsType<TDigestResult> = [
    { title: t('ledger.digests.county'), key: 'county', render: (_, d) => d.county.name },
    {
      title: t('ledger.digests.day'),
      dataIndex: 'day',
      width: 120,
      render: (v: string) => <span className="tabular">{v}</span>,
    },
    {
      title: t('ledger.verify.problem'),
      key: 'problem',
      render: (_, d) => (
        <div className="account-cell">
          <Tag color="error">{t(`ledger.verify.digestProblem.${d.problem}`)}</Tag>
          <span className="account-cell-username">
            {pickLanguage(d.detail, contractLanguage(i18n.language))}
          </span>
        </div>
      ),
    },
  ];
  return (
    <Table<TDigestResult>
      rowKey={(d) => `${d.county.id}/${d.day}/${d.problem}`}
      size="middle"
      columns={columns}
      dataSource={failures}
      pagination={false}
      data-testid="digest-failures"
    />
  );
}

function AllChains({ chains }: { chains: TChainResult[] }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<TChainResult> = [
    {
      title: t('ledger.verify.canteen'),
      key: 'canteen',
      render: (_, c) => `${c.canteen.name}（${c.canteen.code}）`,
    },
    { title: t('ledger.verify.movements'), dataIndex: 'movements', width: 110, align: 'right' },
    { title: t('ledger.verify.headSeq'), dataIndex: 'headSeq', width: 110, align: 'right' },
    { title: t('ledger.verify.checkpoints'), dataIndex: 'checkpoints', width: 110, align: 'right' },
    {
      title: t('ledger.verify.result'),
      key: 'ok',
      width: 90,
      render: (_, c) =>
        c.ok ? (
          <CheckCircleFilled className="ledger-ok" aria-label="ok" />
        ) : (
          <CloseCircleFilled className="ledger-broken" aria-label="broken" />
        ),
    },
  ];
  return (
    <Table<TChainResult>
      rowKey={(c) => c.canteen.id}
      size="small"
      columns={columns}
      dataSource={chains}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
    />
  );
}

function VerificationResult({ result }: { result: TVerification }) {
  const { t } = useTranslation();
  const movements = result.chains.reduce((sum, c) => sum + c.movements, 0);
  const broken = result.chains.filter((c) => !c.ok);
  const counts = {
    canteens: result.chains.length,
    movements,
    digests: result.digestsChecked,
    ms: result.durationMs,
    at: formatDateTime(result.checkedAt),
  };
  return (
    <Card className="section-card" data-testid="verification-result">
      {result.ok ? (
        <Result
          status="success"
          title={<span data-testid="verification-title">{t('ledger.verify.allHold')}</span>}
          subTitle={t('ledger.verify.counts', counts)}
        />
      ) : (
        <Result
          status="error"
          title={
            <span data-testid="verification-title">
              {t('ledger.verify.broken', {
                chains: broken.length,
                digests: result.digestFailures.length,
              })}
            </span>
          }
          subTitle={t('ledger.verify.counts', counts)}
        />
      )}
      {broken.length > 0 && (
        <>
          <Alert
            type="error"
            showIcon
            message={t('ledger.verify.brokenHint')}
            style={{ marginBottom: 12 }}
          />
          <BrokenChains chains={broken} />
        </>
      )}
      {result.digestFailures.length > 0 && (
        <div style={{ marginTop: 16 }}>
          <DigestFailures failures={result.digestFailures} />
        </div>
      )}
      <Collapse
        ghost
        style={{ marginTop: 8 }}
        items={[
          {
            key: 'all',
            label: t('ledger.verify.allChains', { count: result.chains.length }),
            children: <AllChains chains={result.chains} />,
          },
        ]}
      />
    </Card>
  );
}

/**
 * 账本校验: re-computes every link of the hash chains in a unit and checks the signed daily
 * digests; reports that all hold or, per canteen, the first broken movement and what is wrong.
 */
export function VerificationPanel({
  orgUnitId,
  onOrgUnit,
}: {
  orgUnitId: string | undefined;
  onOrgUnit: (id: string | undefined) => void;
}) {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const verify = useVerifyLedger();
  const unit = orgUnitId ?? user.orgUnit?.id;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card className="section-card">
        <Form layout="inline" className="trace-search">
          <Form.Item label={t('ledger.verify.unit')}>
            <OrgUnitTreeSelect
              value={unit}
              valueLabel={unit === user.orgUnit?.id ? user.orgUnit?.name : undefined}
              onChange={onOrgUnit}
              allowClear={false}
              style={{ width: 300 }}
            />
          </Form.Item>
          <Form.Item>
            <Button
              type="primary"
              size="large"
              icon={<SafetyCertificateOutlined />}
              loading={verify.isPending}
              onClick={() => verify.mutate({ orgUnitId: unit })}
              data-testid="run-verification"
            >
              {t('ledger.verify.run')}
            </Button>
          </Form.Item>
        </Form>
        <div className="muted" style={{ marginTop: 8 }}>
          {t('ledger.verify.intro')}
        </div>
      </Card>
      {verify.isError && (
        <Alert
          type="error"
          showIcon
          message={errorText(verify.error, i18n.language, t('common.loadFailed'))}
        />
      )}
      {verify.data && !verify.isPending && <VerificationResult result={verify.data} />}
    </Space>
  );
}
