import type { KeyObject } from 'node:crypto';
import {
  type ChainProblem,
  type DigestProblem,
  GENESIS_HASH,
  type TChainResult,
  addDays,
} from '@canteen/shared';
import {
  type DigestPayload,
  type ReadExport,
  digestSignatureHolds,
  parseDigestPayload,
  rootOfLeaves,
} from './ledger-digest';
import { sha256Hex } from './merkle';

/** The pure checks of a verification: one chain at a time, one county's digests at a time. */

export interface ChainRowView {
  id: string;
  seq: number;
  occurredOn: string;
  prevHash: string;
  hash: string;
  recomputed: string;
}

/** A canteen's chain as a signed digest saw it at the end of a day. */
export interface Checkpoint {
  day: string;
  seq: number;
  hash: string;
}

export type FirstBroken = NonNullable<TChainResult['firstBroken']>;

const short = (hash: string) => hash.slice(0, 12);

/**
 * Walks one chain in sequence order and keeps the first break: a missing or repeated number, a link
 * to something other than the previous row, a hash the database no longer recomputes, a row that
 * differs from a signed checkpoint, or one dated inside a sealed day but placed after its checkpoint.
 */
export class ChainCheck {
  movements = 0;
  firstBroken: FirstBroken | null = null;
  private expected = 1;
  private previousHash = GENESIS_HASH;
  private last: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH };
  private readonly atSeq = new Map<number, Checkpoint[]>();
  private readonly ordered: Checkpoint[];
  private passed = 0;
  private sealedThrough: string | null = null;

  constructor(checkpoints: readonly Checkpoint[]) {
    for (const checkpoint of checkpoints)
      this.atSeq.set(checkpoint.seq, [...(this.atSeq.get(checkpoint.seq) ?? []), checkpoint]);
    this.ordered = [...checkpoints].sort((a, b) => a.seq - b.seq);
  }

  row(row: ChainRowView): void {
    this.movements++;
    if (row.seq > this.expected) {
      this.flag(
        this.expected,
        null,
        'sequence_gap',
        `seq ${this.expected}–${row.seq - 1} missing (next row is seq ${row.seq})`,
        `第 ${this.expected}–${row.seq - 1} 条缺失`,
      );
    } else if (row.seq < this.expected) {
      this.flag(
        row.seq,
        row.id,
        'sequence_gap',
        `seq ${row.seq} appears again or out of order after seq ${this.expected - 1}`,
        `第 ${row.seq} 条重复或顺序错乱`,
      );
    }
    if (row.prevHash !== this.previousHash) {
      this.flag(
        row.seq,
        row.id,
        'link_broken',
        `prev_hash ${short(row.prevHash)}… is not the previous row's hash ${short(this.previousHash)}…`,
        `前一哈希与上一条记录不符`,
      );
    }
    if (row.recomputed !== row.hash) {
      this.flag(
        row.seq,
        row.id,
        'hash_mismatch',
        `content no longer hashes to the stored ${short(row.hash)}… (now ${short(row.recomputed)}…)`,
        `记录内容与其哈希不符，已被改动`,
      );
    }
    for (const checkpoint of this.atSeq.get(row.seq) ?? []) {
      if (checkpoint.hash !== row.hash) {
        this.flag(
          row.seq,
          row.id,
          'checkpoint_mismatch',
          `differs from the digest signed for ${checkpoint.day} (${short(checkpoint.hash)}…)`,
          `与 ${checkpoint.day} 已签名的日摘要不符`,
        );
      }
    }
    while (this.passed < this.ordered.length && this.ordered[this.passed]!.seq < row.seq) {
      const day = this.ordered[this.passed++]!.day;
      if (!this.sealedThrough || day > this.sealedThrough) this.sealedThrough = day;
    }
    if (this.sealedThrough && row.occurredOn <= this.sealedThrough) {
      this.flag(
        row.seq,
        row.id,
        'checkpoint_mismatch',
        `dated ${row.occurredOn}, inside the day ${this.sealedThrough} sealed before it`,
        `日期 ${row.occurredOn} 落在其之前已封存的 ${this.sealedThrough} 之内`,
      );
    }
    this.expected = Math.max(this.expected, row.seq + 1);
    this.previousHash = row.hash;
    this.last = { seq: row.seq, hash: row.hash };
  }

  /**
   * The last row must be the head. `before` was read before the walk and `after` after it: rows
   * appended meanwhile by the application lie between the two and are not a break.
   */
  finish(before: { seq: number; hash: string }, after: { seq: number; hash: string }): void {
    const { seq, hash } = this.last;
    const truncated = seq < before.seq;
    const beyond = seq > after.seq;
    const differs =
      (seq === before.seq && hash !== before.hash) || (seq === after.seq && hash !== after.hash);
    if (truncated) {
      this.flag(
        seq + 1,
        null,
        'head_mismatch',
        `the chain ends at seq ${seq} but its head is seq ${before.seq}: rows at the end are missing`,
        `链在第 ${seq} 条结束，链头却是第 ${before.seq} 条：末尾记录缺失`,
      );
    } else if (beyond) {
      this.flag(
        seq,
        null,
        'head_mismatch',
        `rows continue to seq ${seq} past the head at seq ${after.seq}`,
        `记录延续到第 ${seq} 条，超出链头第 ${after.seq} 条`,
      );
    } else if (differs) {
      this.flag(
        seq,
        null,
        'head_mismatch',
        `the last row's hash ${short(hash)}… is not the head's`,
        `最后一条记录的哈希与链头不符`,
      );
    }
    for (const checkpoint of this.ordered) {
      if (checkpoint.seq > seq) {
        this.flag(
          checkpoint.seq,
          null,
          'checkpoint_mismatch',
          `the digest signed for ${checkpoint.day} saw seq ${checkpoint.seq}, which no longer exists`,
          `${checkpoint.day} 的签名摘要记录到第 ${checkpoint.seq} 条，该记录已不存在`,
        );
        break;
      }
    }
  }

  balance(mismatch: {
    batchId: string;
    balance: string | null;
    ledger: string | null;
    lastSeq: number | null;
    lastMovementId: string | null;
  }): void {
    this.flag(
      mismatch.lastSeq ?? this.last.seq,
      mismatch.lastMovementId,
      'balance_mismatch',
      `batch ${mismatch.batchId}: balance ${mismatch.balance ?? 'none'} but its movements sum to ${mismatch.ledger ?? 'none'}`,
      `批次余额 ${mismatch.balance ?? '无'} 与台账合计 ${mismatch.ledger ?? '无'} 不符`,
    );
  }

  private flag(
    seq: number,
    movementId: string | null,
    problem: ChainProblem,
    en: string,
    zh: string,
  ): void {
    this.firstBroken ??= { seq, movementId, problem, detail: `${en} — ${zh}` };
  }
}

// ─── Digests ───

export interface DigestRecord {
  day: string;
  root: string;
  payload: string;
  signature: string;
  keyId: string;
}

export interface DigestFailure {
  day: string;
  problem: DigestProblem;
  detail: string;
}

export interface DigestCheck {
  checked: number;
  failures: DigestFailure[];
  /** Per canteen, the leaves of the digests whose signature holds. */
  checkpoints: Map<string, Checkpoint[]>;
}

type Version = {
  source: 'database' | 'export';
  payload: string;
  signature: string;
  keyId: string;
  root?: string;
};

/**
 * Checks one county's digests, in the database and in the export, against the trusted keys: the
 * signature, the root recomputed from the leaves, the link to the previous day, and that both
 * copies exist and agree. Only checkpoints whose signature holds are used against the chains.
 */
export function checkCountyDigests(
  county: { id: string },
  records: readonly DigestRecord[],
  exports: readonly ReadExport[],
  trusted: ReadonlyMap<string, { key: KeyObject }>,
): DigestCheck {
  const failures: DigestFailure[] = [];
  const fail = (day: string, problem: DigestProblem, en: string, zh: string) => {
    if (!failures.some((f) => f.day === day && f.problem === problem))
      failures.push({ day, problem, detail: `${en} — ${zh}` });
  };
  const checkpoints = new Map<string, Checkpoint[]>();
  const byDayDb = new Map(records.map((r) => [r.day, r]));
  const byDayExport = new Map(exports.map((e) => [e.day, e]));
  const days = [...new Set([...byDayDb.keys(), ...byDayExport.keys()])].sort();
  // The last day seen: its trusted payload, or 'untrusted' when no copy of it could be trusted.
  let previous: { day: string; text: string } | 'untrusted' | null = null;

  for (const day of days) {
    const record = byDayDb.get(day);
    const exported = byDayExport.get(day);
    const versions: Version[] = [];
    if (record)
      versions.push({
        source: 'database',
        payload: record.payload,
        signature: record.signature,
        keyId: record.keyId,
        root: record.root,
      });
    if (exported && 'content' in exported) versions.push({ source: 'export', ...exported.content });

    if (!record)
      fail(
        day,
        'missing_in_database',
        `exported in ${exported!.file} but not in the database`,
        '已导出但数据库中没有该日摘要',
      );
    if (!exported)
      fail(
        day,
        'missing_export',
        'in the database but no export file',
        '数据库中有该日摘要但没有导出文件',
      );
    if (exported && 'unreadable' in exported)
      fail(day, 'export_differs', `${exported.file}: ${exported.unreadable}`, '导出文件无法读取');
    if (record && exported && 'content' in exported) {
      const { content } = exported;
      if (
        content.payload !== record.payload ||
        content.signature !== record.signature ||
        content.keyId !== record.keyId
      ) {
        fail(
          day,
          'export_differs',
          `the database row and ${exported.file} differ`,
          '数据库与导出文件中的摘要不一致',
        );
      }
    }

    let trustedText: string | null = null;
    for (const version of versions) {
      const where = version.source === 'database' ? 'database' : 'export';
      const key = trusted.get(version.keyId);
      if (!key) {
        fail(
          day,
          'unknown_key',
          `${where} copy is signed by key ${version.keyId}, which is not trusted`,
          `${where === 'database' ? '数据库' : '导出文件'}中的摘要由不受信任的密钥签名`,
        );
        continue;
      }
      if (!digestSignatureHolds(version.payload, version.signature, key.key)) {
        fail(
          day,
          'signature_invalid',
          `${where} copy: the signature does not match the payload`,
          `${where === 'database' ? '数据库' : '导出文件'}中的摘要签名无效`,
        );
        continue;
      }
      const payload = parseDigestPayload(version.payload);
      if (!payload || payload.day !== day || payload.county.id !== county.id) {
        fail(
          day,
          'root_mismatch',
          `${where} copy: a signed payload of another county or day`,
          '签名内容不属于该区县或该日',
        );
        continue;
      }
      if (
        rootOfLeaves(payload.leaves) !== payload.root ||
        (version.root !== undefined && version.root !== payload.root)
      ) {
        fail(
          day,
          'root_mismatch',
          `${where} copy: the root is not the Merkle root of its leaves`,
          'Merkle 根与叶子不符',
        );
        continue;
      }
      trustedText ??= version.payload;
      addCheckpoints(checkpoints, payload);
    }

    if (trustedText && previous !== 'untrusted') {
      const payload = parseDigestPayload(trustedText)!;
      if (previous && addDays(previous.day, 1) !== day) {
        const gap = addDays(previous.day, 1);
        fail(
          gap,
          'missing_in_database',
          `no digest from ${gap} until ${day}, neither in the database nor exported`,
          `${gap} 至 ${day} 之前的日摘要缺失`,
        );
      } else if (payload.previous !== (previous ? sha256Hex(previous.text) : null)) {
        fail(
          day,
          'previous_mismatch',
          previous
            ? "does not name the previous day's digest"
            : 'names a previous digest that neither the database nor the export holds',
          previous ? '未链接到前一日的摘要' : '链接的前一日摘要既不在数据库也不在导出文件中',
        );
      }
    }
    previous = trustedText ? { day, text: trustedText } : 'untrusted';
  }
  return { checked: days.length, failures, checkpoints };
}

function addCheckpoints(checkpoints: Map<string, Checkpoint[]>, payload: DigestPayload): void {
  for (const leaf of payload.leaves) {
    const list = checkpoints.get(leaf.canteenId) ?? [];
    if (!list.some((c) => c.day === payload.day && c.seq === leaf.seq && c.hash === leaf.hash))
      list.push({ day: payload.day, seq: leaf.seq, hash: leaf.hash });
    checkpoints.set(leaf.canteenId, list);
  }
}
