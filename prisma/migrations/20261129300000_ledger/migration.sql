-- DropForeignKey
ALTER TABLE "stock_batch" DROP CONSTRAINT "stock_batch_delivery_line_id_fkey";

-- AlterTable
ALTER TABLE "stock_batch" ADD COLUMN     "manual_reason" TEXT,
ALTER COLUMN "supplier_id" DROP NOT NULL,
ALTER COLUMN "delivery_line_id" DROP NOT NULL;

-- CreateTable
CREATE TABLE "stock_movement" (
    "id" UUID NOT NULL,
    "canteen_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL DEFAULT 0,
    "kind" TEXT NOT NULL,
    "batch_id" UUID NOT NULL,
    "ingredient_id" UUID NOT NULL,
    "quantity" DECIMAL(14,3) NOT NULL,
    "unit" TEXT NOT NULL DEFAULT '',
    "unit_price_fen" INTEGER NOT NULL DEFAULT 0,
    "cost_fen" INTEGER NOT NULL DEFAULT 0,
    "occurred_on" DATE NOT NULL,
    "meal" TEXT,
    "reason" TEXT,
    "reverses_id" UUID,
    "stocktake_id" UUID,
    "group_id" UUID NOT NULL,
    "photo_file_id" UUID,
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "prev_hash" TEXT NOT NULL DEFAULT '',
    "hash" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "stock_movement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stock_balance" (
    "batch_id" UUID NOT NULL,
    "canteen_id" UUID NOT NULL,
    "ingredient_id" UUID NOT NULL,
    "quantity" DECIMAL(14,3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stock_balance_pkey" PRIMARY KEY ("batch_id")
);

-- CreateTable
CREATE TABLE "ledger_head" (
    "canteen_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL DEFAULT 0,
    "hash" TEXT NOT NULL,
    "sealed_through" DATE,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_head_pkey" PRIMARY KEY ("canteen_id")
);

-- CreateTable
CREATE TABLE "ledger_digest" (
    "id" UUID NOT NULL,
    "county_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "root" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_digest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stocktake" (
    "id" UUID NOT NULL,
    "canteen_id" UUID NOT NULL,
    "counted_on" DATE NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "note" TEXT,
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "posted_by_id" UUID,
    "posted_at" TIMESTAMPTZ(3),

    CONSTRAINT "stocktake_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stocktake_line" (
    "id" UUID NOT NULL,
    "stocktake_id" UUID NOT NULL,
    "batch_id" UUID NOT NULL,
    "ingredient_id" UUID NOT NULL,
    "book_quantity" DECIMAL(14,3) NOT NULL,
    "counted_quantity" DECIMAL(14,3),
    "reason" TEXT,

    CONSTRAINT "stocktake_line_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "stock_movement_reverses_id_key" ON "stock_movement"("reverses_id");

-- CreateIndex
CREATE INDEX "stock_movement_canteen_id_occurred_on_idx" ON "stock_movement"("canteen_id", "occurred_on");

-- CreateIndex
CREATE INDEX "stock_movement_batch_id_idx" ON "stock_movement"("batch_id");

-- CreateIndex
CREATE UNIQUE INDEX "stock_movement_canteen_id_seq_key" ON "stock_movement"("canteen_id", "seq");

-- CreateIndex
CREATE INDEX "stock_balance_canteen_id_ingredient_id_idx" ON "stock_balance"("canteen_id", "ingredient_id");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_digest_county_id_day_key" ON "ledger_digest"("county_id", "day");

-- CreateIndex
CREATE INDEX "stocktake_canteen_id_counted_on_idx" ON "stocktake"("canteen_id", "counted_on");

-- CreateIndex
CREATE UNIQUE INDEX "stocktake_line_stocktake_id_batch_id_key" ON "stocktake_line"("stocktake_id", "batch_id");

-- AddForeignKey
ALTER TABLE "stock_batch" ADD CONSTRAINT "stock_batch_delivery_line_id_fkey" FOREIGN KEY ("delivery_line_id") REFERENCES "delivery_line"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_batch" ADD CONSTRAINT "stock_batch_ingredient_id_fkey" FOREIGN KEY ("ingredient_id") REFERENCES "ingredient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_movement" ADD CONSTRAINT "stock_movement_canteen_id_fkey" FOREIGN KEY ("canteen_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_movement" ADD CONSTRAINT "stock_movement_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "stock_batch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_movement" ADD CONSTRAINT "stock_movement_ingredient_id_fkey" FOREIGN KEY ("ingredient_id") REFERENCES "ingredient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_movement" ADD CONSTRAINT "stock_movement_reverses_id_fkey" FOREIGN KEY ("reverses_id") REFERENCES "stock_movement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_movement" ADD CONSTRAINT "stock_movement_stocktake_id_fkey" FOREIGN KEY ("stocktake_id") REFERENCES "stocktake"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_balance" ADD CONSTRAINT "stock_balance_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "stock_batch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stocktake" ADD CONSTRAINT "stocktake_canteen_id_fkey" FOREIGN KEY ("canteen_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stocktake_line" ADD CONSTRAINT "stocktake_line_stocktake_id_fkey" FOREIGN KEY ("stocktake_id") REFERENCES "stocktake"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


ALTER TABLE "stocktake_line" ADD CONSTRAINT "stocktake_line_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "stock_batch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Ledger rules the database keeps, whoever writes.
ALTER TABLE "stock_movement" ADD CONSTRAINT "stock_movement_kind_check"
  CHECK (kind IN ('stock_in', 'stock_out', 'return', 'write_off', 'adjustment', 'reversal'));
ALTER TABLE "stock_movement" ADD CONSTRAINT "stock_movement_sign_check" CHECK (
  quantity <> 0
  AND (kind <> 'stock_in' OR quantity > 0)
  AND (kind NOT IN ('stock_out', 'return', 'write_off') OR quantity < 0)
  AND ((kind = 'reversal') = (reverses_id IS NOT NULL))
  AND ((kind = 'adjustment') = (stocktake_id IS NOT NULL))
  AND (meal IS NULL OR meal IN ('breakfast', 'lunch', 'dinner'))
);
-- One stock-in per batch: what was accepted enters the store once.
CREATE UNIQUE INDEX "stock_movement_one_stock_in_per_batch" ON "stock_movement"("batch_id") WHERE kind = 'stock_in';
ALTER TABLE "stock_balance" ADD CONSTRAINT "stock_balance_not_negative" CHECK (quantity >= 0);
ALTER TABLE "stock_batch" ADD CONSTRAINT "stock_batch_source_check"
  CHECK ((delivery_line_id IS NOT NULL) <> (manual_reason IS NOT NULL));
ALTER TABLE "stocktake" ADD CONSTRAINT "stocktake_status_check" CHECK (status IN ('open', 'posted', 'cancelled'));

-- The one canonical serialisation of a movement. The hash chain is computed here and nowhere else,
-- so writer and verifier cannot drift: fixed field order, quantity at its column scale, the
-- timestamp in UTC to the millisecond that the column keeps, JSON quoting for free text.
CREATE FUNCTION ledger_canonical(m "stock_movement") RETURNS text LANGUAGE sql STABLE AS $$
  SELECT json_build_array(
    1, m.canteen_id, m.seq, m.kind, m.batch_id, m.ingredient_id, round(m.quantity, 3)::text, m.unit,
    m.unit_price_fen, m.cost_fen, to_char(m.occurred_on, 'YYYY-MM-DD'), m.meal, m.reason, m.reverses_id,
    m.stocktake_id, m.group_id, m.photo_file_id, m.created_by_id,
    to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  )::text
$$;

CREATE FUNCTION ledger_hash(prev_hash text, m "stock_movement") RETURNS text LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(prev_hash || ledger_canonical(m), 'UTF8')), 'hex')
$$;

-- Appends a movement to its canteen's chain. The head row is locked, so concurrent writers of one
-- canteen queue here and each gets the next seq; other canteens do not wait.
CREATE FUNCTION ledger_append() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head "ledger_head"%ROWTYPE;
  batch "stock_batch"%ROWTYPE;
BEGIN
  SELECT * INTO batch FROM "stock_batch" WHERE id = NEW.batch_id;
  IF batch.canteen_id IS DISTINCT FROM NEW.canteen_id THEN
    RAISE EXCEPTION 'batch % does not belong to canteen %', NEW.batch_id, NEW.canteen_id USING ERRCODE = 'LG002';
  END IF;
  IF NEW.occurred_on > (now() AT TIME ZONE 'Asia/Shanghai')::date THEN
    RAISE EXCEPTION 'movement dated % is in the future', NEW.occurred_on USING ERRCODE = 'LG003';
  END IF;

  INSERT INTO "ledger_head" (canteen_id, seq, hash) VALUES (NEW.canteen_id, 0, repeat('0', 64))
    ON CONFLICT (canteen_id) DO NOTHING;
  SELECT * INTO head FROM "ledger_head" WHERE canteen_id = NEW.canteen_id FOR UPDATE;
  IF head.sealed_through IS NOT NULL AND NEW.occurred_on <= head.sealed_through THEN
    RAISE EXCEPTION 'ledger day % is sealed (through %)', NEW.occurred_on, head.sealed_through USING ERRCODE = 'LG001';
  END IF;

  IF NEW.kind = 'stock_in' AND NEW.quantity <> batch.quantity THEN
    RAISE EXCEPTION 'a stock-in books the batch''s accepted quantity %', batch.quantity USING ERRCODE = 'LG004';
  END IF;

  NEW.ingredient_id := batch.ingredient_id;
  NEW.unit := batch.unit;
  NEW.unit_price_fen := batch.unit_price_fen;
  NEW.cost_fen := round(NEW.quantity * batch.unit_price_fen)::integer;
  NEW.created_at := date_trunc('milliseconds', coalesce(NEW.created_at, now()));
  NEW.seq := head.seq + 1;
  NEW.prev_hash := head.hash;
  NEW.hash := ledger_hash(NEW.prev_hash, NEW);

  UPDATE "ledger_head" SET seq = NEW.seq, hash = NEW.hash, updated_at = now() WHERE canteen_id = NEW.canteen_id;
  -- Update first: an INSERT … ON CONFLICT would check the non-negative rule on the bare outflow.
  UPDATE "stock_balance" SET quantity = quantity + NEW.quantity, updated_at = now() WHERE batch_id = NEW.batch_id;
  IF NOT FOUND THEN
    INSERT INTO "stock_balance" (batch_id, canteen_id, ingredient_id, quantity, updated_at)
      VALUES (NEW.batch_id, NEW.canteen_id, NEW.ingredient_id, NEW.quantity, now());
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER stock_movement_append BEFORE INSERT ON "stock_movement"
  FOR EACH ROW EXECUTE FUNCTION ledger_append();
CREATE TRIGGER stock_movement_append_only BEFORE UPDATE OR DELETE ON "stock_movement"
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER stock_movement_no_truncate BEFORE TRUNCATE ON "stock_movement"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER ledger_digest_append_only BEFORE UPDATE OR DELETE ON "ledger_digest"
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER ledger_digest_no_truncate BEFORE TRUNCATE ON "ledger_digest"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- A posted count sheet is history: its lines no longer change.
CREATE FUNCTION stocktake_line_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT status FROM "stocktake" WHERE id = OLD.stocktake_id) <> 'open' THEN
    RAISE EXCEPTION 'stocktake % is closed', OLD.stocktake_id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
CREATE TRIGGER stocktake_line_frozen BEFORE UPDATE OR DELETE ON "stocktake_line"
  FOR EACH ROW EXECUTE FUNCTION stocktake_line_frozen();

-- The application's role: everything it needs, but no UPDATE, DELETE or TRUNCATE on the ledger,
-- the digests or the audit log. The API and worker switch to it on connect (DATABASE_ROLE).
DO $$
BEGIN
  CREATE ROLE canteen_app NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL;
END;
$$;
GRANT USAGE ON SCHEMA public TO canteen_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO canteen_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO canteen_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO canteen_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO canteen_app;
REVOKE UPDATE, DELETE, TRUNCATE ON "stock_movement", "ledger_digest", "audit_log", "_prisma_migrations" FROM canteen_app;
REVOKE INSERT ON "_prisma_migrations" FROM canteen_app;
