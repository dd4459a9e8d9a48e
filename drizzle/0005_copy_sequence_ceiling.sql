-- The copy sequence (src-main/core/cache/copy-sequence.ts) used to start above max(copy_seq) of orders
-- and refs, found by scanning both tables at the first request after a start: 150 ms and more with
-- 100 000 cached orders, on the loop that serves the clerk. It now starts at a ceiling kept in `settings`
-- that is always above every number handed out. This seeds the ceiling once from what is stored.
INSERT INTO `settings` (`key`, `value`)
SELECT 'copy_seq_ceiling', CAST(max(coalesce((SELECT max(`copy_seq`) FROM `orders`), 0), coalesce((SELECT max(`copy_seq`) FROM `refs`), 0)) AS TEXT)
WHERE true
ON CONFLICT (`key`) DO NOTHING;
