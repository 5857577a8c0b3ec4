import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { FullPageSpin } from '@/components/layout/full-page-spin';
import { LoginScreen } from '@/features/auth/components/login-screen';
import { useSession } from '@/lib/auth';
import { homePath } from '@/lib/authorization';

/** Only same-site paths are followed after login, never an absolute or protocol-relative URL. */
function safeFrom(from: string | null): string | null {
  return from && from.startsWith('/') && !from.startsWith('//') ? from : null;
}

export function LoginRoute() {
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const from = safeFrom(params.get('from'));

  if (session.isPending) return <FullPageSpin />;
  if (session.data) return <Navigate to={from ?? homePath(session.data.user)} replace />;

  return (
    <LoginScreen
      onSuccess={({ user }) =>
        void navigate(user.mustChangePassword ? '/change-password' : (from ?? homePath(user)), {
          replace: true,
        })
      }
    />
  );
}
