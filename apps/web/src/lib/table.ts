import type { TablePaginationConfig } from 'antd';

const PAGE_SIZE = 20;

/** Pages of 20 for a list held whole on the page, and none while it fits on one. */
export const localPagination = (count: number): TablePaginationConfig | false =>
  count > PAGE_SIZE ? { pageSize: PAGE_SIZE, showSizeChanger: false } : false;
