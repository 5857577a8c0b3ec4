import { useNavigate } from 'react-router';
import { ChangePasswordScreen } from '@/features/auth/components/change-password-screen';
import { useCurrentUser, useLogout } from '@/lib/auth';

export function ChangePasswordRoute() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const logout = useLogout();
  return (
    <ChangePasswordScreen
      user={user}
      onDone={() => void navigate('/', { replace: true })}
      onCancel={() => void navigate(-1)}
      onLogout={() =>
        logout.mutate(undefined, { onSettled: () => void navigate('/login', { replace: true }) })
      }
    />
  );
}
