import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { ZUser, zPage, type TUserQuery } from '@canteen/shared';
import { apiRequest } from '@/lib/api-client';

export const USERS_KEY = 'users';

export type UserListQuery = Partial<TUserQuery>;

const ZUserPage = zPage(ZUser);

export function getUsers(query: UserListQuery, signal?: AbortSignal) {
  return apiRequest('GET', '/users', { query, schema: ZUserPage, signal });
}

export const getUsersQueryOptions = (query: UserListQuery) =>
  queryOptions({
    queryKey: [USERS_KEY, 'list', query],
    queryFn: ({ signal }) => getUsers(query, signal),
  });

export function useUsers(query: UserListQuery) {
  return useQuery({ ...getUsersQueryOptions(query), placeholderData: keepPreviousData });
}
