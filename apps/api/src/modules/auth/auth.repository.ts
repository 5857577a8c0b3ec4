import { Injectable } from '@nestjs/common';
import { PrismaService, type Tx } from '@/common/prisma/prisma.service';

/** Account look-ups by credentials: before login there is no scope to apply. */
@Injectable()
export class AuthRepository {
  constructor(readonly prisma: PrismaService) {}

  findByUsername(username: string) {
    return this.prisma.user.findUnique({
      where: { username },
      select: {
        id: true, username: true, displayName: true, passwordHash: true, disabledAt: true,
        lockedUntil: true, failedLogins: true, orgUnit: { select: { path: true } },
      },
    });
  }

  findPasswordHash(userId: string) {
    return this.prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true, orgUnit: { select: { path: true } } } });
  }

  recordFailure(tx: Tx, userId: string, failedLogins: number, lockedUntil: Date | null) {
    return tx.user.update({ where: { id: userId }, data: { failedLogins, lockedUntil } });
  }

  recordSuccess(tx: Tx, userId: string) {
    return tx.user.update({ where: { id: userId }, data: { failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() } });
  }

  setPassword(tx: Tx, userId: string, passwordHash: string) {
    return tx.user.update({
      where: { id: userId },
      data: { passwordHash, mustChangePassword: false, passwordChangedAt: new Date() },
    });
  }
}
