import { Alert, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiIssue } from '@/lib/api-client';
import { localPagination } from '@/lib/table';

/**
 * Every problem of a refused manifest, by row and column for a file, by line and field for the form;
 * a refusal without a list (a manifest submitted twice) is its message alone.
 */
export function ManifestIssuesTable({ title, issues }: { title: string; issues: ApiIssue[] }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const fromFile = issues.some((issue) => issue.row !== undefined || issue.column !== undefined);

  const where = (issue: ApiIssue) => {
    const match = /^lines\.(\d+)\.?(.*)$/.exec(issue.path);
    return match
      ? { line: Number(match[1]) + 1, field: match[2] ?? '' }
      : { line: null, field: issue.path };
  };

  const columns: TableColumnsType<ApiIssue> = fromFile
    ? [
        {
          title: t('manifest.issues.row'),
          dataIndex: 'row',
          width: 80,
          render: (v?: number) => (v === undefined ? '—' : v),
        },
        {
          title: t('manifest.issues.column'),
          dataIndex: 'column',
          width: 140,
          render: (v?: string) => v ?? '—',
        },
        {
          title: t('manifest.issues.problem'),
          key: 'message',
          render: (_, i) => (en ? i.messageEn : i.message),
        },
      ]
    : [
        {
          title: t('manifest.issues.line'),
          key: 'line',
          width: 80,
          render: (_, i) => where(i).line ?? '—',
        },
        {
          title: t('manifest.issues.field'),
          key: 'field',
          width: 160,
          render: (_, i) => where(i).field || '—',
        },
        {
          title: t('manifest.issues.problem'),
          key: 'message',
          render: (_, i) => (en ? i.messageEn : i.message),
        },
      ];

  if (issues.length === 0) {
    return (
      <Alert
        type="error"
        showIcon
        message={title}
        className="manifest-issues"
        data-testid="manifest-issues"
      />
    );
  }
  return (
    <div className="manifest-issues" data-testid="manifest-issues">
      <Alert
        type="error"
        showIcon
        message={title}
        description={t('manifest.issues.nothingStored')}
        style={{ marginBottom: 12 }}
      />
      <Table<ApiIssue>
        rowKey={(i) => `${i.path}-${i.row ?? ''}-${i.column ?? ''}-${i.message}`}
        size="small"
        columns={columns}
        dataSource={issues}
        pagination={localPagination(issues.length)}
      />
    </div>
  );
}
