/**
 * `pnpm ledger:verify [--canteen <code>] [--county <code>] [--json]`: re-computes every hash chain
 * of the inventory ledger and checks the signed daily digests (database and export files). Exit code
 * 0 when everything holds, 1 when something is broken, 2 on a usage or configuration error.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import type { TVerification } from '@canteen/shared';
import { AuditWriter } from '@/common/audit/audit.writer';
import { ConfigError, loadConfig } from '@/common/config/config';
import { OutboxWriter } from '@/common/outbox/outbox.writer';
import { PrismaService } from '@/common/prisma/prisma.service';
import { systemScope } from '@/common/tenancy/scope';
import { LedgerKeyError, LedgerKeys } from '@/modules/ledger/ledger-keys';
import { LedgerVerifyRepository } from '@/modules/ledger/ledger-verify.repository';
import { LedgerVerifyService } from '@/modules/ledger/ledger-verify.service';

const USAGE = 'usage: pnpm ledger:verify [--canteen <code>] [--county <code>] [--json]';

class UsageError extends Error {}

const PROBLEMS_ZH: Record<string, string> = {
  sequence_gap: '序号缺失或错乱',
  link_broken: '链接断裂',
  hash_mismatch: '哈希不符（内容被改动）',
  head_mismatch: '链头不符',
  checkpoint_mismatch: '与已签名日摘要不符',
  balance_mismatch: '余额与台账不符',
  signature_invalid: '签名无效',
  unknown_key: '未知签名密钥',
  root_mismatch: 'Merkle 根不符',
  previous_mismatch: '与前一日摘要的链接不符',
  missing_in_database: '数据库缺少该日摘要',
  missing_export: '缺少导出文件',
  export_differs: '导出文件与数据库不一致',
};

function report(result: TVerification): string {
  const lines: string[] = [];
  for (const chain of result.chains) {
    const name = `${chain.canteen.code} ${chain.canteen.name}`;
    if (chain.firstBroken) {
      const broken = chain.firstBroken;
      lines.push(
        `BROKEN  ${name}: seq ${broken.seq}${broken.movementId ? ` (movement ${broken.movementId})` : ''} ${broken.problem} ${PROBLEMS_ZH[broken.problem] ?? ''}`,
      );
      lines.push(`        ${broken.detail}`);
    } else {
      lines.push(
        `OK      ${name}: ${chain.movements} movements, head seq ${chain.headSeq}, ${chain.checkpoints} signed checkpoints`,
      );
    }
  }
  for (const failure of result.digestFailures) {
    lines.push(
      `DIGEST  ${failure.county.code} ${failure.county.name} ${failure.day}: ${failure.problem} ${PROBLEMS_ZH[failure.problem] ?? ''}`,
    );
    lines.push(`        ${failure.detail}`);
  }
  const broken = result.chains.filter((chain) => !chain.ok).length;
  lines.push(
    `${result.ok ? 'All hold 全部校验通过' : 'BROKEN 校验未通过'}: ${result.chains.length} canteens (${broken} broken), ` +
      `${result.chains.reduce((sum, chain) => sum + chain.movements, 0)} movements, ${result.digestsChecked} digests (${result.digestFailures.length} problems), ${result.durationMs} ms`,
  );
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      canteen: { type: 'string' },
      county: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.canteen && values.county) throw new UsageError('give --canteen or --county, not both');
  const config = loadConfig({
    ...process.env,
    // Like the other scripts: the local demo database unless told otherwise; Redis is not used here.
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/canteen',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  });
  const prisma = new PrismaService(config);
  try {
    const service = new LedgerVerifyService(
      new LedgerVerifyRepository(prisma),
      new LedgerKeys(config),
      new AuditWriter(),
      new OutboxWriter(),
      config,
    );
    const scope = systemScope();
    let unitId: string | undefined;
    const code = values.canteen ?? values.county;
    if (code) {
      const level = values.canteen ? 'canteen' : 'county';
      const unit = await new LedgerVerifyRepository(prisma).findUnitByCode(scope, code);
      if (!unit || unit.level !== level) throw new UsageError(`no ${level} with code ${code}`);
      unitId = unit.id;
    }
    const result = await service.verify(scope, unitId);
    console.log(values.json ? JSON.stringify(result, null, 2) : report(result));
    return result.ok ? 0 : 1;
  } finally {
    await prisma.$disconnect();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const known =
      error instanceof UsageError ||
      error instanceof ConfigError ||
      error instanceof LedgerKeyError ||
      (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION';
    console.error(known ? `${(error as Error).message}\n${USAGE}` : error);
    process.exitCode = 2;
  },
);
