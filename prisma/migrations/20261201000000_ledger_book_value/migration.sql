-- Each batch keeps its book value (账面金额), and the movement that empties a batch takes what is
-- left of it (尾差).
--
-- A movement's cost used to be its own quantity × unit price, rounded to the fen, so a batch issued
-- in parts could reach 0 kg with a fen or two of value left (3 kg at ¥3.33 issued as six 0.5 kg
-- stock-outs: 6 × 167 fen against 999 booked in), and the store's value disagreed with the ledger's
-- sums. Now:
--   * an outflow that brings the batch to 0 costs exactly the book value left;
--   * a reversal costs exactly the negation of the movement it reverses, so a reversed stock-out
--     nets to nothing in a meal's cost;
--   * any other movement costs quantity × unit price, rounded, as before.
-- `stock_balance.value_fen` is the sum of the batch's costs, kept with its quantity by the statement
-- upkeep. The trigger reads it after taking the canteen's head lock, so it is the value the
-- canteen's last writer left; the statement's own earlier lines of the batch are added to it.
-- Costs already booked stay as they are: nothing in the ledger is rewritten.

ALTER TABLE "stock_balance" ADD COLUMN "value_fen" INTEGER NOT NULL DEFAULT 0;
UPDATE "stock_balance" b SET value_fen = m.value_fen
  FROM (SELECT batch_id, sum(cost_fen)::integer AS value_fen FROM "stock_movement" GROUP BY batch_id) m
 WHERE m.batch_id = b.batch_id;

CREATE OR REPLACE FUNCTION ledger_append() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head "ledger_head"%ROWTYPE;
  batch "stock_batch"%ROWTYPE;
  earlier record;
BEGIN
  SELECT * INTO batch FROM "stock_batch" WHERE id = NEW.batch_id;
  IF batch.canteen_id IS DISTINCT FROM NEW.canteen_id THEN
    RAISE EXCEPTION 'batch % does not belong to canteen %', NEW.batch_id, NEW.canteen_id USING ERRCODE = 'LG002';
  END IF;
  IF NEW.occurred_on > (now() AT TIME ZONE 'Asia/Shanghai')::date THEN
    RAISE EXCEPTION 'movement dated % is in the future', NEW.occurred_on USING ERRCODE = 'LG003';
  END IF;

  SELECT * INTO head FROM "ledger_head" WHERE canteen_id = NEW.canteen_id FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO "ledger_head" (canteen_id, seq, hash) VALUES (NEW.canteen_id, 0, repeat('0', 64))
      ON CONFLICT (canteen_id) DO NOTHING;
    SELECT * INTO head FROM "ledger_head" WHERE canteen_id = NEW.canteen_id FOR UPDATE;
  END IF;
  IF head.sealed_through IS NOT NULL AND NEW.occurred_on <= head.sealed_through THEN
    RAISE EXCEPTION 'ledger day % is sealed (through %)', NEW.occurred_on, head.sealed_through USING ERRCODE = 'LG001';
  END IF;

  IF NEW.kind = 'stock_in' AND NEW.quantity <> batch.quantity THEN
    RAISE EXCEPTION 'a stock-in books the batch''s accepted quantity %', batch.quantity USING ERRCODE = 'LG004';
  END IF;

  -- One look-up for the previous link (the last movement this statement appended past the head; a
  -- volatile trigger function sees them) and for what the batch holds before this movement (its
  -- balance as the last statement left it, plus this statement's earlier lines of it).
  SELECT l.seq, l.hash,
         coalesce(s.quantity, 0) + coalesce(mine.quantity, 0) AS on_hand,
         coalesce(s.value_fen, 0) + coalesce(mine.cost_fen, 0) AS book_fen
    INTO earlier
    FROM (SELECT 1) AS one
    LEFT JOIN LATERAL (
      SELECT m.seq, m.hash FROM "stock_movement" m
       WHERE m.canteen_id = NEW.canteen_id AND m.seq > head.seq
       ORDER BY m.seq DESC LIMIT 1
    ) l ON true
    LEFT JOIN "stock_balance" s ON s.batch_id = NEW.batch_id
    LEFT JOIN LATERAL (
      SELECT sum(m.quantity) AS quantity, sum(m.cost_fen) AS cost_fen FROM "stock_movement" m
       WHERE m.canteen_id = NEW.canteen_id AND m.seq > head.seq AND m.batch_id = NEW.batch_id
    ) mine ON true;

  NEW.ingredient_id := batch.ingredient_id;
  NEW.unit := batch.unit;
  NEW.unit_price_fen := batch.unit_price_fen;
  IF NEW.quantity < 0 AND earlier.on_hand + NEW.quantity = 0 THEN
    NEW.cost_fen := -earlier.book_fen;
  ELSE
    NEW.cost_fen := coalesce(
      CASE WHEN NEW.kind = 'reversal' THEN
        (SELECT -r.cost_fen FROM "stock_movement" r WHERE r.id = NEW.reverses_id AND r.batch_id = NEW.batch_id)
      END,
      round(NEW.quantity * batch.unit_price_fen)::integer);
  END IF;
  NEW.created_at := date_trunc('milliseconds', coalesce(NEW.created_at, now()));
  NEW.seq := coalesce(earlier.seq, head.seq) + 1;
  NEW.prev_hash := coalesce(earlier.hash, head.hash);
  NEW.hash := ledger_hash(NEW.prev_hash, NEW);
  RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION ledger_upkeep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "ledger_head" h SET seq = l.seq, hash = l.hash, updated_at = now()
    FROM (SELECT DISTINCT ON (canteen_id) canteen_id, seq, hash FROM appended ORDER BY canteen_id, seq DESC) l
   WHERE h.canteen_id = l.canteen_id;
  -- Update first: an INSERT … ON CONFLICT would check the non-negative rule on the bare outflow.
  WITH net AS (
    SELECT batch_id, canteen_id, ingredient_id, sum(quantity) AS quantity, sum(cost_fen) AS value_fen
      FROM appended GROUP BY batch_id, canteen_id, ingredient_id
  ), updated AS (
    UPDATE "stock_balance" b SET quantity = b.quantity + net.quantity, value_fen = b.value_fen + net.value_fen, updated_at = now()
      FROM net WHERE b.batch_id = net.batch_id
    RETURNING b.batch_id
  )
  INSERT INTO "stock_balance" (batch_id, canteen_id, ingredient_id, quantity, value_fen, updated_at)
  SELECT net.batch_id, net.canteen_id, net.ingredient_id, net.quantity, net.value_fen, now()
    FROM net WHERE net.batch_id NOT IN (SELECT batch_id FROM updated);
  RETURN NULL;
END;
$$;
