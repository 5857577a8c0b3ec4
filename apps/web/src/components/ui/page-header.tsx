import { Breadcrumb, Space, Typography } from 'antd';
import type { BreadcrumbProps } from 'antd';
import type { ReactNode } from 'react';

interface PageHeaderProps {
  title: ReactNode;
  subTitle?: ReactNode;
  tags?: ReactNode;
  breadcrumb?: BreadcrumbProps['items'];
  extra?: ReactNode;
  children?: ReactNode;
}

export function PageHeader({
  title,
  subTitle,
  tags,
  breadcrumb,
  extra,
  children,
}: PageHeaderProps) {
  return (
    <div className="page-header">
      {breadcrumb && breadcrumb.length > 0 && (
        <Breadcrumb items={breadcrumb} className="page-header-breadcrumb" />
      )}
      <div className="page-header-row">
        <Space size={12} wrap align="center" className="page-header-heading">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          {tags}
          {subTitle && <Typography.Text type="secondary">{subTitle}</Typography.Text>}
        </Space>
        {extra && (
          <Space wrap className="page-header-extra">
            {extra}
          </Space>
        )}
      </div>
      {children && <div className="page-header-content">{children}</div>}
    </div>
  );
}
