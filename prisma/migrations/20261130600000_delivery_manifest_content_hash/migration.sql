-- The same manifest submitted twice (a double click, a retried upload, a supplier's system sending
-- again) would give the canteen a second delivery to reject: a manifest keeps the fingerprint of its
-- content, and a supplier has one manifest per content unless it was rejected. A rejected delivery
-- may come again as it was, once the supplier has put right what the canteen refused (the goods, a
-- temperature). Manifests stored before this have no fingerprint and are not compared.
ALTER TABLE "delivery_manifest" ADD COLUMN "content_hash" TEXT;

CREATE UNIQUE INDEX "delivery_manifest_one_per_content" ON "delivery_manifest"("supplier_id", "content_hash") WHERE status <> 'rejected';
