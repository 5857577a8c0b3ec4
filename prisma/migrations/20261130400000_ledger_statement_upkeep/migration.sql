-- The chain head and the balances move once per statement instead of once per movement.
--
-- The row trigger still gives every movement its seq and hash, one after another, exactly as
-- before: what it writes and what the verifier recomputes do not change. What changes is the
-- upkeep around it. A 20-line stock-out used to update its canteen's head row 20 times and run
-- five statements per movement inside the trigger; now the row trigger locks the head (reading it
-- first, creating it only when missing), takes the previous link from the movements this statement
-- has already appended past the head, and an AFTER STATEMENT trigger moves each head to its last
-- movement and adds each batch's net quantity to its balance in one statement each.
--
-- Concurrent writers of a canteen still queue on the head row's lock, which the first movement
-- takes and the transaction holds, so the rows past the head are always the current statement's.
-- A stock-out larger than the balance still fails the stock_balance_not_negative check, now at the
-- end of its statement, and the whole statement is undone.

CREATE OR REPLACE FUNCTION ledger_append() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head "ledger_head"%ROWTYPE;
  batch "stock_batch"%ROWTYPE;
  last record;
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

  -- The movements this statement appended before this one (a volatile trigger function sees them).
  SELECT m.seq, m.hash INTO last FROM "stock_movement" m
   WHERE m.canteen_id = NEW.canteen_id AND m.seq > head.seq
   ORDER BY m.seq DESC LIMIT 1;

  NEW.ingredient_id := batch.ingredient_id;
  NEW.unit := batch.unit;
  NEW.unit_price_fen := batch.unit_price_fen;
  NEW.cost_fen := round(NEW.quantity * batch.unit_price_fen)::integer;
  NEW.created_at := date_trunc('milliseconds', coalesce(NEW.created_at, now()));
  NEW.seq := coalesce(last.seq, head.seq) + 1;
  NEW.prev_hash := coalesce(last.hash, head.hash);
  NEW.hash := ledger_hash(NEW.prev_hash, NEW);
  RETURN NEW;
END;
$$;

CREATE FUNCTION ledger_upkeep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "ledger_head" h SET seq = l.seq, hash = l.hash, updated_at = now()
    FROM (SELECT DISTINCT ON (canteen_id) canteen_id, seq, hash FROM appended ORDER BY canteen_id, seq DESC) l
   WHERE h.canteen_id = l.canteen_id;
  -- Update first: an INSERT … ON CONFLICT would check the non-negative rule on the bare outflow.
  WITH net AS (
    SELECT batch_id, canteen_id, ingredient_id, sum(quantity) AS quantity
      FROM appended GROUP BY batch_id, canteen_id, ingredient_id
  ), updated AS (
    UPDATE "stock_balance" b SET quantity = b.quantity + net.quantity, updated_at = now()
      FROM net WHERE b.batch_id = net.batch_id
    RETURNING b.batch_id
  )
  INSERT INTO "stock_balance" (batch_id, canteen_id, ingredient_id, quantity, updated_at)
  SELECT net.batch_id, net.canteen_id, net.ingredient_id, net.quantity, now()
    FROM net WHERE net.batch_id NOT IN (SELECT batch_id FROM updated);
  RETURN NULL;
END;
$$;

CREATE TRIGGER stock_movement_upkeep AFTER INSERT ON "stock_movement" REFERENCING NEW TABLE AS appended
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_upkeep();
