-- The chain's last link, kept for the transaction that appended it.
--
-- For every movement the insert trigger used to lock the canteen's head and look up the last
-- movement its statement had appended past it: two queries per row, most of a booking's trigger
-- work. A transaction that has appended to a canteen holds that head's lock until it ends, so
-- nobody else can move the chain meanwhile: the trigger now keeps the link it just wrote (canteen,
-- seq, hash) in the transaction-local setting `ledger.link`, and the next movement of the same
-- canteen in that transaction chains onto it without asking again. The setting goes with the
-- transaction, and with a savepoint rolled back (as the rows and the lock taken inside it do). A
-- movement of another canteen, or the first of a transaction, reads the head and the statement's
-- rows past it as before, so the head stays the witness a truncated tail is caught against.
--
-- What the rows hold and how they are hashed do not change. The setting is not trusted: once per
-- statement the upkeep checks, against the head rows as they are, that each canteen's first new
-- movement continues the head (seq and previous hash) and that no new movement is dated in a
-- sealed day, so a writer that forged it is refused, as before. The sealed-day rule lives there
-- alone now: a seal moved inside the transaction counts at once.

CREATE OR REPLACE FUNCTION ledger_append() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head "ledger_head"%ROWTYPE;
  batch "stock_batch"%ROWTYPE;
  last record;
  link text := current_setting('ledger.link', true);
  prev_seq integer;
BEGIN
  SELECT * INTO batch FROM "stock_batch" WHERE id = NEW.batch_id;
  IF batch.canteen_id IS DISTINCT FROM NEW.canteen_id THEN
    RAISE EXCEPTION 'batch % does not belong to canteen %', NEW.batch_id, NEW.canteen_id USING ERRCODE = 'LG002';
  END IF;
  IF NEW.occurred_on > (now() AT TIME ZONE 'Asia/Shanghai')::date THEN
    RAISE EXCEPTION 'movement dated % is in the future', NEW.occurred_on USING ERRCODE = 'LG003';
  END IF;

  IF starts_with(link, NEW.canteen_id::text || ' ') THEN
    prev_seq := split_part(link, ' ', 2)::integer;
    NEW.prev_hash := split_part(link, ' ', 3);
  ELSE
    SELECT * INTO head FROM "ledger_head" WHERE canteen_id = NEW.canteen_id FOR UPDATE;
    IF NOT FOUND THEN
      INSERT INTO "ledger_head" (canteen_id, seq, hash) VALUES (NEW.canteen_id, 0, repeat('0', 64))
        ON CONFLICT (canteen_id) DO NOTHING;
      SELECT * INTO head FROM "ledger_head" WHERE canteen_id = NEW.canteen_id FOR UPDATE;
    END IF;
    -- The movements this statement appended before this one (a volatile trigger function sees them).
    SELECT m.seq, m.hash INTO last FROM "stock_movement" m
     WHERE m.canteen_id = NEW.canteen_id AND m.seq > head.seq
     ORDER BY m.seq DESC LIMIT 1;
    prev_seq := coalesce(last.seq, head.seq);
    NEW.prev_hash := coalesce(last.hash, head.hash);
  END IF;

  IF NEW.kind = 'stock_in' AND NEW.quantity <> batch.quantity THEN
    RAISE EXCEPTION 'a stock-in books the batch''s accepted quantity %', batch.quantity USING ERRCODE = 'LG004';
  END IF;

  NEW.ingredient_id := batch.ingredient_id;
  NEW.unit := batch.unit;
  NEW.unit_price_fen := batch.unit_price_fen;
  NEW.cost_fen := round(NEW.quantity * batch.unit_price_fen)::integer;
  NEW.created_at := date_trunc('milliseconds', coalesce(NEW.created_at, now()));
  NEW.seq := prev_seq + 1;
  NEW.hash := ledger_hash(NEW.prev_hash, NEW);
  PERFORM set_config('ledger.link', concat_ws(' ', NEW.canteen_id, NEW.seq, NEW.hash), true);
  RETURN NEW;
END;
$$;


CREATE OR REPLACE FUNCTION ledger_upkeep() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  -- Rows chained within a statement follow one another; each canteen's first must follow its head,
  -- and none may be dated in a sealed day (the database checks that rule here alone).
  SELECT a.canteen_id, a.seq, a.occurred_on, h.seq AS head_seq, h.sealed_through, l.unlinked
    INTO bad
    FROM appended a
    JOIN (SELECT canteen_id, min(seq) AS first_seq FROM appended GROUP BY canteen_id) f ON f.canteen_id = a.canteen_id
    JOIN "ledger_head" h ON h.canteen_id = a.canteen_id
   CROSS JOIN LATERAL (SELECT a.seq = f.first_seq AND (a.seq <> h.seq + 1 OR a.prev_hash <> h.hash) AS unlinked) l
   WHERE l.unlinked OR a.occurred_on <= h.sealed_through
   ORDER BY l.unlinked DESC
   LIMIT 1;
  IF bad.unlinked THEN
    RAISE EXCEPTION 'movement % of canteen % does not continue its chain head (seq %)', bad.seq, bad.canteen_id, bad.head_seq USING ERRCODE = 'LG005';
  ELSIF FOUND THEN
    RAISE EXCEPTION 'ledger day % is sealed (through %)', bad.occurred_on, bad.sealed_through USING ERRCODE = 'LG001';
  END IF;

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
