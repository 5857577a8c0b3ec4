import {
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import { App } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ZSession, type TSession, type TSessionUser } from '@canteen/shared';
import { apiRequest, isApiError, onApiError, setCsrfToken } from '@/lib/api-client';

const SESSION_KEY = ['session'] as const;

export async function getSession(): Promise<TSession | null> {
  try {
    const session = await apiRequest('GET', '/auth/me', { schema: ZSession });
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export const getSessionQueryOptions = () =>
  queryOptions({ queryKey: SESSION_KEY, queryFn: getSession, staleTime: Infinity, retry: 1 });

export function useSession() {
  return useQuery(getSessionQueryOptions());
}

/** For components rendered only behind the auth guard, where a session is certain. */
export function useCurrentUser(): TSessionUser {
  const { data } = useSession();
  if (!data) throw new Error('useCurrentUser outside an authenticated route');
  return data.user;
}

/** Login, /me and password changes hand out the session; everything cached for another user goes. */
export function storeSession(queryClient: QueryClient, session: TSession | null): void {
  const previous = queryClient.getQueryData<TSession | null>(SESSION_KEY);
  if (previous?.user.id !== session?.user.id)
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
  setCsrfToken(session?.csrfToken ?? null);
  queryClient.setQueryData(SESSION_KEY, session);
}

export async function logout(): Promise<void> {
  await apiRequest('POST', '/auth/logout');
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSettled: () => {
      storeSession(queryClient, null);
      queryClient.clear();
      queryClient.setQueryData(SESSION_KEY, null);
    },
  });
}

/**
 * Reacts to what any request learns about the session: an expired one sends the user to the login
 * page, and a pending password change to the change-password page.
 */
export function SessionWatcher() {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { t } = useTranslation();

  useEffect(
    () =>
      onApiError((error) => {
        const session = queryClient.getQueryData<TSession | null>(SESSION_KEY);
        if (!session) return;
        if (error.status === 401) {
          storeSession(queryClient, null);
          void message.warning(t('auth.sessionExpired'));
        } else if (error.code === 'PASSWORD_CHANGE_REQUIRED' && !session.user.mustChangePassword) {
          queryClient.setQueryData<TSession>(SESSION_KEY, {
            ...session,
            user: { ...session.user, mustChangePassword: true },
          });
        }
      }),
    [queryClient, message, t],
  );
  return null;
}
